namespace Sluice.Protocol.Messages;

/// <summary>One partition's offset to commit in <see cref="OffsetCommitRequest"/>.</summary>
/// <param name="Partition">The partition index.</param>
/// <param name="Offset">The offset of the next record to consume.</param>
/// <param name="LeaderEpoch">The leader epoch of the last consumed record (v6+, KIP-320), or -1.</param>
/// <param name="Metadata">
/// Free text stored with the offset. Never null: Kafka 0.9 reads it as a non-nullable string, and brokers treat
/// null and empty alike.
/// </param>
public sealed record OffsetCommitPartition(int Partition, long Offset, int LeaderEpoch = -1, string Metadata = "");
