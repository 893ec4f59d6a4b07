namespace Sluice.Protocol.Messages;

/// <summary>Whether one partition's offset was committed.</summary>
public sealed record OffsetCommitPartitionResponse(int Partition, ErrorCode Error);
