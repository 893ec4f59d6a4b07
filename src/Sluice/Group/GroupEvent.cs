using Sluice.Fetch;

namespace Sluice.Group;

/// <summary>Something a group member's application should know about.</summary>
public abstract record GroupEvent
{
    /// <summary>Partitions were taken away in a rebalance (processed offsets were committed first when configured).</summary>
    public sealed record Revoked(IReadOnlyCollection<TopicPartition> Partitions) : GroupEvent;

    /// <summary>Partitions were lost without a chance to commit (the coordinator forgot the member).</summary>
    public sealed record Lost(IReadOnlyCollection<TopicPartition> Partitions) : GroupEvent;

    /// <summary>Partitions were assigned in generation <paramref name="GenerationId"/>, starting where shown.</summary>
    public sealed record Assigned(int GenerationId, IReadOnlyDictionary<TopicPartition, StartPosition> Partitions) : GroupEvent;

    /// <summary>The group's coordinator was looked up (at start, or after it moved or failed).</summary>
    public sealed record CoordinatorFound(int BrokerId, string Endpoint) : GroupEvent;

    /// <summary>An automatic commit failed after every retry.</summary>
    public sealed record CommitFailed(CommitFailedException Error) : GroupEvent;

    /// <summary>Something happened while reading a partition.</summary>
    public sealed record Fetch(FetchEvent Event) : GroupEvent;

    /// <summary>
    /// As the group's leader, the member saw subscribed topics whose partition count differs from the one it
    /// assigned (<paramref name="PartitionCounts"/>: each such topic's count now) and rejoins so the group rebalances.
    /// </summary>
    public sealed record PartitionsChanged(IReadOnlyDictionary<string, int> PartitionCounts) : GroupEvent;

    /// <summary>
    /// The topics matching the member's <c>topic-pattern</c> changed (a topic created or deleted); the member rejoins
    /// subscribed to <paramref name="Topics"/>, so the group rebalances.
    /// </summary>
    public sealed record TopicsMatched(IReadOnlyList<string> Topics) : GroupEvent;

    /// <summary>The member could not stay in the group; it holds nothing now.</summary>
    public sealed record Failed(Exception Error) : GroupEvent;
}
