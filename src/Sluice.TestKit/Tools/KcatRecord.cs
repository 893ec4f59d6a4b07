namespace Sluice.TestKit.Tools;

/// <summary>A record as kcat read it: key and value are the exact bytes (null when the record had none).</summary>
public sealed record KcatRecord(int Partition, long Offset, byte[]? Key, byte[]? Value, long Timestamp, string Headers);
