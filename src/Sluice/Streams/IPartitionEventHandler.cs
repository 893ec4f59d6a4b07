using Sluice.Fetch;

namespace Sluice.Streams;

/// <summary>
/// Hears of a source's partitions as they come and go. Every method has a default that does nothing, so implement
/// only what you need.
/// </summary>
public interface IPartitionEventHandler
{
    /// <summary>
    /// Called on the member's actor after each rebalance, before the new partitions are read (the post-rebalance
    /// callback in stream form). <paramref name="assigned"/> holds where each newly assigned partition would start
    /// (its committed offset, or -1 when it starts by the reset policy), <paramref name="previous"/> the next offset
    /// of each partition held before. Return start positions to override any of them, or null.
    /// </summary>
    IReadOnlyDictionary<TopicPartition, StartPosition>? OnAssigned(IReadOnlyDictionary<TopicPartition, long> assigned, IReadOnlyDictionary<TopicPartition, long> previous) => null;

    /// <summary>Called once partitions were taken away in a rebalance, after their processed offsets were committed
    /// (when the source commits) and nothing more of them will be emitted.</summary>
    void OnRevoked(IReadOnlyCollection<TopicPartition> partitions)
    {
    }

    /// <summary>Called when partitions were lost without a chance to commit (the coordinator forgot the member).</summary>
    void OnLost(IReadOnlyCollection<TopicPartition> partitions)
    {
    }
}
