namespace Sluice.Protocol.Messages;

/// <summary>The offset found for one partition, the same shape whatever version the broker answered.</summary>
/// <param name="Partition">The partition index.</param>
/// <param name="Error">None when the offset was found.</param>
/// <param name="Timestamp">The timestamp of the record at <paramref name="Offset"/> (v1+); -1 for the special timestamps and on v0.</param>
/// <param name="Offset">The offset found, or -1 when there is none (a v0 answer with an empty offsets array).</param>
/// <param name="LeaderEpoch">The leader epoch of that offset (v4+), or -1.</param>
public sealed record ListOffsetsPartitionResponse(int Partition, ErrorCode Error, long Timestamp, long Offset, int LeaderEpoch);
