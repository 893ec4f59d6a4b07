namespace Sluice.Group.Assignors;

/// <summary>
/// The "roundrobin" assignor (eager): every subscribed partition, sorted by topic then partition, is dealt in turn
/// over all members, skipping a member not subscribed to the partition's topic. With
/// <see cref="PartitionOrdering.Kafka"/> the result equals Java's RoundRobinAssignor; with
/// <see cref="PartitionOrdering.Pykafka"/> partitions are sorted by pykafka's "topic-leader-partition" string and
/// the result equals pykafka's decide_partitions_roundrobin.
/// </summary>
public sealed class RoundRobinAssignor : IPartitionAssignor
{
    /// <summary>Creates the assignor.</summary>
    public RoundRobinAssignor(PartitionOrdering ordering = PartitionOrdering.Kafka)
    {
        Ordering = ordering;
    }

    /// <summary>The order partitions and members are dealt in.</summary>
    public PartitionOrdering Ordering { get; }

    /// <inheritdoc />
    public string Name => "roundrobin";

    /// <inheritdoc />
    public AssignmentProtocolKind Kind => AssignmentProtocolKind.Eager;

    /// <inheritdoc />
    public ReadOnlyMemory<byte> SubscriptionUserData(SubscriptionState state) => ReadOnlyMemory<byte>.Empty;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> Assign(AssignmentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = context.EmptyAssignment();
        var members = MemberOrder.Sorted(context, Enumerable.Range(0, context.Members.Count), Ordering);
        var next = 0;
        foreach (var partition in AllPartitions(context))
        {
            // Every topic in SubscribedTopics has a subscriber, so this finds one within a full turn.
            while (!context.IsSubscribed(members[next], partition.Topic))
                next = (next + 1) % members.Count;
            result[context.Members[members[next]].MemberId].Add(partition);
            next = (next + 1) % members.Count;
        }

        return AssignmentContext.Seal(result);
    }

    private IEnumerable<TopicPartition> AllPartitions(AssignmentContext context)
    {
        if (Ordering == PartitionOrdering.Kafka)
            return context.SubscribedTopics.SelectMany(t => MemberOrder.Partitions(t, context.Topics[t], Ordering));

        // pykafka sorts one key string over all partitions, leader id before partition id.
        return context.SubscribedTopics
            .SelectMany(t => context.Topics[t].Select(p => (Key: MemberOrder.PykafkaKey(t, p), Partition: new TopicPartition(t, p.Partition))))
            .OrderBy(x => x.Key, Comparer<string>.Create(MemberOrder.CompareCodePoints))
            .Select(x => x.Partition);
    }
}
