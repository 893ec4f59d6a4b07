namespace Sluice.Protocol.Messages;

/// <summary>One partition's committed offset, the same shape whatever version the broker answered.</summary>
/// <param name="Partition">The partition index.</param>
/// <param name="Offset">The committed offset, or -1 when the group has none for this partition.</param>
/// <param name="LeaderEpoch">The leader epoch committed with it (v5+), or -1.</param>
/// <param name="Metadata">The text committed with it, or null.</param>
/// <param name="Error">A partition error; UnstableOffsetCommit (v7+) means a transactional commit is pending.</param>
public sealed record OffsetFetchPartitionResponse(int Partition, long Offset, int LeaderEpoch, string? Metadata, ErrorCode Error);
