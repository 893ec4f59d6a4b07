using Sluice.Group.Assignors;
using Sluice.Protocol.Consumer;

namespace Sluice.Tests.Group.Assignors;

/// <summary>
/// A random group for the property tests: 1-30 members, 1-5 topics of 1-64 partitions, random subscriptions
/// (or one shared subscription) and random previous ownership, including stale and conflicting claims.
/// </summary>
internal sealed class RandomGroup
{
    private RandomGroup(List<AssignmentMember> members, Dictionary<string, IReadOnlyList<AssignablePartition>> topics, bool shared)
    {
        Members = members;
        Topics = topics;
        SharedSubscription = shared;
    }

    public List<AssignmentMember> Members { get; }

    public Dictionary<string, IReadOnlyList<AssignablePartition>> Topics { get; }

    /// <summary>True when every member subscribes to the same topics.</summary>
    public bool SharedSubscription { get; }

    public AssignmentContext Context() => new(Members, Topics);

    /// <summary>The same group with the members listed in another order.</summary>
    public AssignmentContext ShuffledContext(Random random) => new(Members.OrderBy(_ => random.Next()).ToList(), Topics);

    public static RandomGroup Create(Random random, bool withOwnership = true, bool? shared = null)
    {
        var topicCount = random.Next(1, 6);
        var topics = new Dictionary<string, IReadOnlyList<AssignablePartition>>();
        for (var t = 0; t < topicCount; t++)
        {
            var name = $"topic-{(char)('a' + random.Next(26))}{t}";
            topics[name] = Enumerable.Range(0, random.Next(1, 65)).Select(p => new AssignablePartition(p, random.Next(0, 12))).ToList();
        }

        var names = topics.Keys.ToList();
        var isShared = shared ?? random.Next(3) == 0;
        var common = Subset(random, names);
        var memberCount = random.Next(1, 31);
        var ids = new HashSet<string>();
        while (ids.Count < memberCount)
            ids.Add($"member-{random.Next(100000):D5}");

        var members = new List<AssignmentMember>();
        foreach (var id in ids)
        {
            var subscribed = isShared ? common : Subset(random, names);

            // Now and then a member also names a topic the cluster does not have.
            if (random.Next(10) == 0)
                subscribed = [.. subscribed, "no-such-topic"];
            var instance = random.Next(5) == 0 ? $"instance-{random.Next(1000)}-{id}" : null;
            members.Add(new AssignmentMember(id, instance, new ConsumerSubscription(subscribed)));
        }

        var group = new RandomGroup(members, topics, isShared);
        return withOwnership ? group.WithRandomOwnership(random) : group;
    }

    /// <summary>
    /// Each partition is claimed by no one, one member (most often) or several members, with generations drawn from
    /// a few values so some claims are stale and some conflict; claimants need not subscribe to the topic.
    /// </summary>
    public RandomGroup WithRandomOwnership(Random random)
    {
        var owned = Members.ToDictionary(m => m.MemberId, _ => new List<TopicPartition>());
        var generation = Members.ToDictionary(m => m.MemberId, _ => random.Next(4) switch { 0 => -1, 1 => 3, 2 => 4, _ => 5 });
        foreach (var (topic, partitions) in Topics)
        {
            foreach (var p in partitions)
            {
                var claims = random.Next(10) switch { < 3 => 0, < 9 => 1, _ => 2 };
                for (var c = 0; c < claims; c++)
                    owned[Members[random.Next(Members.Count)].MemberId].Add(new TopicPartition(topic, p.Partition));
            }
        }

        var members = Members.Select(m => m with
        {
            Subscription = new ConsumerSubscription(m.Subscription.Topics, ownedPartitions: owned[m.MemberId].Distinct().ToList(), generationId: generation[m.MemberId]),
        }).ToList();
        return new RandomGroup(members, Topics, SharedSubscription);
    }

    /// <summary>The same group whose members own what <paramref name="assignment"/> gave them, in <paramref name="generation"/>.</summary>
    public RandomGroup Owning(IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> assignment, int generation) =>
        new(AssignorTestKit.OwningTheirAssignment(Members, assignment, generation), Topics, SharedSubscription);

    /// <summary>The same group with one more member that owns nothing.</summary>
    public RandomGroup WithNewMember(string id)
    {
        var topics = SharedSubscription ? Members[0].Subscription.Topics : Topics.Keys.ToList();
        return new RandomGroup([.. Members, new AssignmentMember(id, null, new ConsumerSubscription(topics))], Topics, SharedSubscription);
    }

    /// <summary>The same group without <paramref name="id"/>.</summary>
    public RandomGroup Without(string id) => new(Members.Where(m => m.MemberId != id).ToList(), Topics, SharedSubscription);

    private static List<string> Subset(Random random, List<string> names)
    {
        var subset = names.Where(_ => random.Next(2) == 0).ToList();
        return subset.Count > 0 ? subset : [names[random.Next(names.Count)]];
    }
}
