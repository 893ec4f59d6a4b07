using Sluice.Cluster;

namespace Sluice.Group.Assignors;

/// <summary>
/// Everything an assignor may use: every member with its subscription, and the partitions of the topics they
/// subscribe to. Members are kept sorted by member id (ordinal) so that the order they arrived in never matters.
/// </summary>
public sealed class AssignmentContext
{
    private readonly HashSet<string>[] _memberTopics;

    /// <summary>Creates a context.</summary>
    /// <param name="members">The group's members; member ids must be unique.</param>
    /// <param name="topics">Each topic's partitions (any order; duplicates are ignored). Topics no member subscribes to are ignored by the assignors.</param>
    public AssignmentContext(IEnumerable<AssignmentMember> members, IReadOnlyDictionary<string, IReadOnlyList<AssignablePartition>> topics)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(topics);
        var sorted = members.OrderBy(m => m.MemberId, StringComparer.Ordinal).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            if (string.Equals(sorted[i - 1].MemberId, sorted[i].MemberId, StringComparison.Ordinal))
                throw new ArgumentException($"Member id '{sorted[i].MemberId}' appears twice.", nameof(members));
        }

        Members = sorted;
        _memberTopics = sorted.Select(m => new HashSet<string>(m.Subscription.Topics, StringComparer.Ordinal)).ToArray();

        var normalized = new Dictionary<string, IReadOnlyList<AssignablePartition>>(StringComparer.Ordinal);
        foreach (var (topic, partitions) in topics)
        {
            normalized[topic] = partitions
                .GroupBy(p => p.Partition)
                .Select(g => g.First())
                .OrderBy(p => p.Partition)
                .ToList();
        }

        Topics = normalized;
        SubscribedTopics = _memberTopics
            .SelectMany(t => t)
            .Distinct(StringComparer.Ordinal)
            .Where(normalized.ContainsKey)
            .OrderBy(t => t, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The members, sorted by member id (ordinal).</summary>
    public IReadOnlyList<AssignmentMember> Members { get; }

    /// <summary>Each known topic's partitions, ordered by partition number.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AssignablePartition>> Topics { get; }

    /// <summary>The topics at least one member subscribes to and whose partitions are known, sorted (ordinal).</summary>
    public IReadOnlyList<string> SubscribedTopics { get; }

    /// <summary>
    /// A context whose topics come from cluster metadata: every topic a member subscribes to that the snapshot
    /// knows with at least one partition. A subscribed topic the cluster does not have yet is left out, as Java does.
    /// </summary>
    public static AssignmentContext FromMetadata(IEnumerable<AssignmentMember> members, MetadataSnapshot metadata)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(metadata);
        var list = members.ToList();
        var topics = new Dictionary<string, IReadOnlyList<AssignablePartition>>(StringComparer.Ordinal);
        foreach (var topic in list.SelectMany(m => m.Subscription.Topics))
        {
            if (!topics.ContainsKey(topic) && metadata.Topics.TryGetValue(topic, out var info) && info.Partitions.Count > 0)
                topics[topic] = info.Partitions.Select(p => new AssignablePartition(p.Partition, p.Leader)).ToList();
        }

        return new AssignmentContext(list, topics);
    }

    /// <summary>True when <paramref name="member"/> (an entry of <see cref="Members"/>) subscribes to <paramref name="topic"/>.</summary>
    public bool IsSubscribed(int member, string topic) => _memberTopics[member].Contains(topic);

    /// <summary>An empty assignment list for every member, to fill in.</summary>
    internal Dictionary<string, List<TopicPartition>> EmptyAssignment() =>
        Members.ToDictionary(m => m.MemberId, _ => new List<TopicPartition>(), StringComparer.Ordinal);

    /// <summary>The finished assignment: every member present, each list ordered by topic then partition.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> Seal(Dictionary<string, List<TopicPartition>> assignment) =>
        assignment.ToDictionary(
            e => e.Key,
            e => (IReadOnlyList<TopicPartition>)e.Value
                .OrderBy(tp => tp.Topic, StringComparer.Ordinal)
                .ThenBy(tp => tp.Partition)
                .ToList(),
            StringComparer.Ordinal);
}
