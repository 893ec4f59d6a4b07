using Sluice.Group.Assignors;
using Sluice.Protocol.Consumer;

namespace Sluice.Tests.Group.Assignors;

/// <summary>Builds assignment contexts and formats results for the assignor tests.</summary>
internal static class AssignorTestKit
{
    /// <summary>A member subscribed to <paramref name="topics"/> that owns nothing.</summary>
    public static AssignmentMember Member(string id, params string[] topics) => new(id, null, new ConsumerSubscription(topics));

    /// <summary>A member with owned partitions from <paramref name="generation"/>.</summary>
    public static AssignmentMember Owner(string id, string[] topics, int generation, params TopicPartition[] owned) =>
        new(id, null, new ConsumerSubscription(topics, ownedPartitions: owned, generationId: generation));

    /// <summary>Topics with partitions 0..n-1, all led by broker 0.</summary>
    public static Dictionary<string, IReadOnlyList<AssignablePartition>> Topics(params (string Name, int Partitions)[] topics) =>
        topics.ToDictionary(t => t.Name, t => (IReadOnlyList<AssignablePartition>)Enumerable.Range(0, t.Partitions).Select(p => new AssignablePartition(p, 0)).ToList());

    /// <summary>A context of the members and topics.</summary>
    public static AssignmentContext Context(IEnumerable<AssignmentMember> members, params (string Name, int Partitions)[] topics) =>
        new(members, Topics(topics));

    /// <summary>"t0p0 t0p1" style, in the result's order.</summary>
    public static string Show(IReadOnlyList<TopicPartition> partitions) => string.Join(" ", partitions.Select(tp => $"{tp.Topic}p{tp.Partition}"));

    /// <summary>Every member's partitions as "member: t0p0 t0p1; member2: ..." sorted by member id.</summary>
    public static string Show(IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> assignment) =>
        string.Join("; ", assignment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {Show(e.Value)}"));

    /// <summary>The partition numbers of one topic a member got, in ascending order.</summary>
    public static int[] Numbers(IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> assignment, string member) =>
        assignment[member].Select(tp => tp.Partition).Order().ToArray();

    /// <summary>Members that owned what <paramref name="assignment"/> gave them, in generation <paramref name="generation"/>.</summary>
    public static List<AssignmentMember> OwningTheirAssignment(
        IEnumerable<AssignmentMember> members,
        IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> assignment,
        int generation) =>
        members.Select(m => m with
        {
            Subscription = new ConsumerSubscription(m.Subscription.Topics, ownedPartitions: assignment.TryGetValue(m.MemberId, out var got) ? got : [], generationId: generation),
        }).ToList();
}
