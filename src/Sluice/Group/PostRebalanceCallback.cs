using Sluice.Fetch;

namespace Sluice.Group;

/// <summary>
/// Called after each rebalance, before the new partitions are read (pykafka's <c>post_rebalance_callback</c>).
/// <paramref name="previous"/> holds the next offset to read of each partition held before, <paramref name="assigned"/>
/// where each newly held partition will start (its committed offset, or -1 when it starts by the reset policy).
/// Return start positions to override any of them (for example to replay), or null to keep them. An exception
/// thrown here fails the rebalance attempt, which is retried like any other.
/// </summary>
public delegate IReadOnlyDictionary<TopicPartition, StartPosition>? PostRebalanceCallback(
    IReadOnlyDictionary<TopicPartition, long> previous,
    IReadOnlyDictionary<TopicPartition, long> assigned);
