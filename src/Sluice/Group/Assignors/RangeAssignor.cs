namespace Sluice.Group.Assignors;

/// <summary>
/// The "range" assignor (eager), Kafka's default: topic by topic, the members subscribed to the topic each take a
/// consecutive run of its partitions, P / C each, and the first P % C members one more. Topics with equal partition
/// counts are therefore co-partitioned. With <see cref="PartitionOrdering.Kafka"/> the result equals Java's
/// RangeAssignor (without rack awareness, which needs replica racks) and librdkafka's range; with
/// <see cref="PartitionOrdering.Pykafka"/> it equals pykafka's decide_partitions_range.
/// </summary>
public sealed class RangeAssignor : IPartitionAssignor
{
    /// <summary>Creates the assignor.</summary>
    public RangeAssignor(PartitionOrdering ordering = PartitionOrdering.Kafka)
    {
        Ordering = ordering;
    }

    /// <summary>The order partitions and members are dealt in.</summary>
    public PartitionOrdering Ordering { get; }

    /// <inheritdoc />
    public string Name => "range";

    /// <inheritdoc />
    public AssignmentProtocolKind Kind => AssignmentProtocolKind.Eager;

    /// <inheritdoc />
    public ReadOnlyMemory<byte> SubscriptionUserData(SubscriptionState state) => ReadOnlyMemory<byte>.Empty;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> Assign(AssignmentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = context.EmptyAssignment();
        foreach (var topic in context.SubscribedTopics)
        {
            var members = MemberOrder.Sorted(context, Enumerable.Range(0, context.Members.Count).Where(m => context.IsSubscribed(m, topic)), Ordering);
            var partitions = MemberOrder.Partitions(topic, context.Topics[topic], Ordering);
            var each = partitions.Count / members.Count;
            var extra = partitions.Count % members.Count;
            for (var i = 0; i < members.Count; i++)
            {
                var start = each * i + Math.Min(i, extra);
                var length = each + (i < extra ? 1 : 0);
                result[context.Members[members[i]].MemberId].AddRange(partitions.GetRange(start, length));
            }
        }

        return AssignmentContext.Seal(result);
    }
}
