using Sluice.Group.Assignors;
using Xunit;
using static Sluice.Tests.Group.Assignors.AssignmentChecks;

namespace Sluice.Tests.Group.Assignors;

/// <summary>Invariants over many random groups (fixed seeds, so every run checks the same groups).</summary>
public sealed class AssignorPropertyTests
{
    private const int Groups = 300;

    public static TheoryData<string> EagerAssignors => ["range", "range-pykafka", "roundrobin", "roundrobin-pykafka", "sticky"];

    private static IPartitionAssignor Create(string name) => name switch
    {
        "range" => new RangeAssignor(),
        "range-pykafka" => new RangeAssignor(PartitionOrdering.Pykafka),
        "roundrobin" => new RoundRobinAssignor(),
        "roundrobin-pykafka" => new RoundRobinAssignor(PartitionOrdering.Pykafka),
        "sticky" => new StickyAssignor(),
        _ => new CooperativeStickyAssignor(),
    };

    [Theory]
    [MemberData(nameof(EagerAssignors))]
    public void Eager_assignors_give_every_subscribed_partition_exactly_once_to_a_subscriber(string name)
    {
        var assignor = Create(name);
        var random = new Random(5100 + name.Length);
        for (var g = 0; g < Groups; g++)
        {
            var group = RandomGroup.Create(random);
            var context = group.Context();
            AssertValid(context, assignor.Assign(context), $"{name} group {g}");
        }
    }

    [Theory]
    [MemberData(nameof(EagerAssignors))]
    [InlineData("cooperative-sticky")]
    public void Assignments_depend_only_on_the_group_not_on_member_order(string name)
    {
        var assignor = Create(name);
        var random = new Random(5200 + name.Length);
        for (var g = 0; g < Groups; g++)
        {
            var group = RandomGroup.Create(random);
            var expected = Text(assignor.Assign(group.Context()));
            Assert.Equal(expected, Text(assignor.Assign(group.ShuffledContext(random))));
            Assert.Equal(expected, Text(assignor.Assign(group.Context())));
        }
    }

    [Theory]
    [InlineData("roundrobin")]
    [InlineData("roundrobin-pykafka")]
    [InlineData("sticky")]
    public void Sizes_differ_by_at_most_one_when_all_members_share_one_subscription(string name)
    {
        var assignor = Create(name);
        var random = new Random(5300 + name.Length);
        for (var g = 0; g < Groups; g++)
        {
            var group = RandomGroup.Create(random, shared: true);
            Assert.True(Spread(assignor.Assign(group.Context())) <= 1, $"{name} group {g}");
        }
    }

    [Theory]
    [InlineData("range")]
    [InlineData("range-pykafka")]
    public void Range_sizes_differ_by_at_most_one_per_topic_when_all_members_share_one_subscription(string name)
    {
        var assignor = Create(name);
        var random = new Random(5400 + name.Length);
        for (var g = 0; g < Groups; g++)
        {
            var group = RandomGroup.Create(random, shared: true);
            var context = group.Context();
            var assignment = assignor.Assign(context);
            foreach (var topic in context.SubscribedTopics)
            {
                var sizes = assignment.Values.Select(l => l.Count(tp => tp.Topic == topic)).ToList();
                Assert.True(sizes.Max() - sizes.Min() <= 1, $"{name} group {g} topic {topic}");
            }
        }
    }

    [Fact]
    public void Sticky_is_as_balanced_as_the_subscriptions_allow()
    {
        var assignor = new StickyAssignor();
        var random = new Random(5500);
        for (var g = 0; g < Groups; g++)
        {
            var context = RandomGroup.Create(random).Context();
            AssertNoSingleMoveImproves(context, assignor.Assign(context), $"group {g}");
        }
    }

    [Fact]
    public void Sticky_keeps_every_partition_when_membership_does_not_change()
    {
        var assignor = new StickyAssignor();
        var random = new Random(5600);
        for (var g = 0; g < Groups; g++)
        {
            var group = RandomGroup.Create(random);
            var first = assignor.Assign(group.Context());
            var again = assignor.Assign(group.Owning(first, 6).Context());
            Assert.Equal(Text(first), Text(again));
        }
    }

    [Fact]
    public void Sticky_moves_only_a_fair_share_to_a_new_member_and_nothing_else()
    {
        var assignor = new StickyAssignor();
        var random = new Random(5700);
        for (var g = 0; g < Groups; g++)
        {
            var group = RandomGroup.Create(random, withOwnership: false, shared: true);
            var before = assignor.Assign(group.Context());
            var grown = group.Owning(before, 6).WithNewMember("member-new");
            var after = assignor.Assign(grown.Context());

            var total = before.Values.Sum(l => l.Count);
            var moved = Moved(before, after);
            Assert.True(moved.Count <= (total + grown.Members.Count - 1) / grown.Members.Count, $"group {g}: moved {moved.Count} of {total}");
            Assert.All(moved, m => Assert.Equal("member-new", m.To));
            Assert.True(Spread(after) <= 1, $"group {g}");
        }
    }

    [Fact]
    public void Sticky_keeps_every_remaining_member_s_partitions_when_a_member_leaves()
    {
        var assignor = new StickyAssignor();
        var random = new Random(5800);
        for (var g = 0; g < Groups; g++)
        {
            var group = RandomGroup.Create(random, withOwnership: false, shared: true);
            if (group.Members.Count < 2)
                continue;
            var before = assignor.Assign(group.Context());
            var leaver = group.Members[random.Next(group.Members.Count)].MemberId;
            var after = assignor.Assign(group.Owning(before, 6).Without(leaver).Context());
            foreach (var (member, partitions) in after)
                Assert.Empty(before[member].Except(partitions));
            Assert.True(Spread(after) <= 1, $"group {g}");
        }
    }

    [Fact]
    public void Cooperative_never_gives_a_partition_that_another_member_still_claims()
    {
        var assignor = new CooperativeStickyAssignor();
        var random = new Random(5900);
        for (var g = 0; g < Groups; g++)
        {
            var context = RandomGroup.Create(random).Context();
            var claimants = NewestClaimants(context);
            var assignment = assignor.Assign(context);

            // Only a partition with a claimant can be held back; an assigned one has no other claimant.
            AssertValid(context, assignment, $"group {g}", tp => claimants.ContainsKey(tp));
            foreach (var (member, partitions) in assignment)
            {
                foreach (var tp in partitions.Where(claimants.ContainsKey))
                    Assert.All(claimants[tp], c => Assert.Equal(member, c));
            }
        }
    }

    [Fact]
    public void Cooperative_hands_over_withheld_partitions_in_the_follow_up_round_and_then_stays_put()
    {
        var assignor = new CooperativeStickyAssignor();
        var random = new Random(6000);
        for (var g = 0; g < Groups; g++)
        {
            var group = RandomGroup.Create(random);
            var first = assignor.Assign(group.Context());

            // Each member revokes what it was not given and rejoins owning exactly its new assignment.
            var secondContext = group.Owning(first, 7).Context();
            var second = assignor.Assign(secondContext);
            AssertValid(secondContext, second, $"group {g} round 2");
            foreach (var (member, partitions) in first)
                Assert.Empty(partitions.Except(second[member]));
            AssertNoSingleMoveImproves(secondContext, second, $"group {g} round 2");

            var third = assignor.Assign(group.Owning(second, 8).Context());
            Assert.Equal(Text(second), Text(third));
        }
    }

    [Fact]
    public void Cooperative_adding_a_member_withholds_only_its_fair_share_then_gives_it()
    {
        var assignor = new CooperativeStickyAssignor();
        var random = new Random(6100);
        for (var g = 0; g < Groups; g++)
        {
            var group = RandomGroup.Create(random, withOwnership: false, shared: true);
            var stable = assignor.Assign(group.Context());
            var grown = group.Owning(stable, 6).WithNewMember("member-new");
            var members = grown.Members.Count;
            var total = stable.Values.Sum(l => l.Count);

            var round1 = assignor.Assign(grown.Context());
            Assert.Empty(round1["member-new"]);
            var withheld = total - round1.Values.Sum(l => l.Count);
            Assert.True(withheld <= (total + members - 1) / members, $"group {g}: withheld {withheld} of {total}");

            var round2 = assignor.Assign(grown.Owning(round1, 7).Context());
            Assert.Equal(total, round2.Values.Sum(l => l.Count));
            Assert.Equal(withheld, round2["member-new"].Count);
            Assert.True(Spread(round2) <= 1, $"group {g}");
        }
    }

    private static List<(TopicPartition Partition, string From, string To)> Moved(
        IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> before,
        IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> after)
    {
        var owner = before.SelectMany(e => e.Value.Select(tp => (tp, e.Key))).ToDictionary(x => x.tp, x => x.Key);
        return after
            .SelectMany(e => e.Value.Select(tp => (tp, e.Key)))
            .Where(x => owner.TryGetValue(x.tp, out var was) && was != x.Key)
            .Select(x => (x.tp, owner[x.tp], x.Key))
            .ToList();
    }
}
