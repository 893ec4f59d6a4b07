namespace Sluice.Group.Assignors;

/// <summary>The member and partition orders the range and round-robin assignors deal in.</summary>
internal static class MemberOrder
{
    /// <summary>Indices into <see cref="AssignmentContext.Members"/> of the members in dealing order.</summary>
    public static List<int> Sorted(AssignmentContext context, IEnumerable<int> members, PartitionOrdering ordering)
    {
        var list = members.ToList();
        if (ordering == PartitionOrdering.Pykafka)
            list.Sort((a, b) => CompareCodePoints(context.Members[a].MemberId, context.Members[b].MemberId));
        else
            list.Sort((a, b) => CompareKafka(context.Members[a], context.Members[b]));
        return list;
    }

    /// <summary>A topic's partitions in dealing order.</summary>
    public static List<TopicPartition> Partitions(string topic, IReadOnlyList<AssignablePartition> partitions, PartitionOrdering ordering)
    {
        if (ordering == PartitionOrdering.Kafka)
            return partitions.Select(p => new TopicPartition(topic, p.Partition)).ToList();
        return partitions
            .Select(p => (Key: PykafkaKey(topic, p), Partition: new TopicPartition(topic, p.Partition)))
            .OrderBy(x => x.Key, Comparer<string>.Create(CompareCodePoints))
            .Select(x => x.Partition)
            .ToList();
    }

    /// <summary>
    /// The order of Java's AbstractPartitionAssignor.MemberInfo: a static member (with a group.instance.id) sorts
    /// before a dynamic one, static members by instance id, dynamic ones by member id; the member id breaks the tie
    /// Java leaves to hash order.
    /// </summary>
    public static int CompareKafka(AssignmentMember a, AssignmentMember b)
    {
        if (a.GroupInstanceId is not null && b.GroupInstanceId is not null)
        {
            var byInstance = string.CompareOrdinal(a.GroupInstanceId, b.GroupInstanceId);
            if (byInstance != 0)
                return byInstance;
        }
        else if (a.GroupInstanceId is not null)
        {
            return -1;
        }
        else if (b.GroupInstanceId is not null)
        {
            return 1;
        }

        return string.CompareOrdinal(a.MemberId, b.MemberId);
    }

    /// <summary>pykafka's sort key for a partition: topic, leader id and partition id joined by dashes.</summary>
    public static string PykafkaKey(string topic, AssignablePartition partition) => $"{topic}-{partition.Leader}-{partition.Partition}";

    /// <summary>Compares by Unicode code point, which is the byte order of the UTF-8 forms pykafka sorts.</summary>
    public static int CompareCodePoints(string? a, string? b)
    {
        if (a is null || b is null)
            return a is null ? (b is null ? 0 : -1) : 1;
        var left = a.EnumerateRunes();
        var right = b.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
                return hasLeft.CompareTo(hasRight);
            var order = left.Current.Value.CompareTo(right.Current.Value);
            if (order != 0)
                return order;
        }
    }
}
