using Sluice.Group.Assignors;
using Sluice.Protocol.Consumer;
using Xunit;
using static Sluice.Tests.Group.Assignors.AssignorTestKit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Group.Assignors;

public sealed class StickyAssignorTests
{
    private static readonly StickyAssignor Sticky = new();

    /// <summary>A member as an eager Java sticky member joins: nothing owned, its last assignment in the user data.</summary>
    private static AssignmentMember EagerMember(string id, string[] topics, int generation, params TopicPartition[] last) =>
        new(id, null, new SubscriptionState(topics, [], generation, LastAssignment: last).ToSubscription(Sticky));

    [Fact]
    public void Sticky_is_the_eager_sticky_protocol()
    {
        Assert.Equal("sticky", Sticky.Name);
        Assert.Equal(AssignmentProtocolKind.Eager, Sticky.Kind);
    }

    [Fact]
    public void User_data_is_java_s_version_1_layout_previous_assignment_then_generation()
    {
        var state = new SubscriptionState(["t"], [], 3, LastAssignment: [new TopicPartition("t", 0), new TopicPartition("t", 1)]);
        AssertBytes("00000001 0001 74 00000002 00000000 00000001 00000003", Sticky.SubscriptionUserData(state).Span);
    }

    [Fact]
    public void A_member_that_never_had_an_assignment_sends_no_user_data_as_java_does()
    {
        Assert.True(Sticky.SubscriptionUserData(SubscriptionState.Fresh(["t"])).IsEmpty);
    }

    [Fact]
    public void Kip_54_example_1_a_member_leaving_moves_only_its_partitions()
    {
        // C0, C1, C2 subscribe to t0..t3 of two partitions each; C1 leaves.
        string[] all = ["t0", "t1", "t2", "t3"];
        var context = Context(
            [
                EagerMember("C0", all, 1, new TopicPartition("t0", 0), new TopicPartition("t1", 1), new TopicPartition("t3", 0)),
                EagerMember("C2", all, 1, new TopicPartition("t1", 0), new TopicPartition("t2", 1)),
            ],
            ("t0", 2), ("t1", 2), ("t2", 2), ("t3", 2));
        var result = Sticky.Assign(context);
        Assert.Subset(result["C0"].ToHashSet(), new HashSet<TopicPartition> { new TopicPartition("t0", 0), new TopicPartition("t1", 1), new TopicPartition("t3", 0) });
        Assert.Subset(result["C2"].ToHashSet(), new HashSet<TopicPartition> { new TopicPartition("t1", 0), new TopicPartition("t2", 1) });
        Assert.Equal(4, result["C0"].Count);
        Assert.Equal(4, result["C2"].Count);
    }

    [Fact]
    public void Kip_54_example_2_unequal_subscriptions_are_balanced_where_roundrobin_is_not()
    {
        var members = new[] { Member("C0", "t0"), Member("C1", "t0", "t1"), Member("C2", "t0", "t1", "t2") };
        var context = Context(members, ("t0", 1), ("t1", 2), ("t2", 3));
        Assert.Equal("C0: t0p0; C1: t1p0 t1p1; C2: t2p0 t2p1 t2p2", Show(Sticky.Assign(context)));
    }

    [Fact]
    public void Kip_54_example_2_continued_when_c0_leaves_only_its_partition_moves()
    {
        var context = Context(
            [EagerMember("C1", ["t0", "t1"], 1, new TopicPartition("t1", 0), new TopicPartition("t1", 1)), EagerMember("C2", ["t0", "t1", "t2"], 1, new TopicPartition("t2", 0), new TopicPartition("t2", 1), new TopicPartition("t2", 2))],
            ("t0", 1), ("t1", 2), ("t2", 3));
        Assert.Equal("C1: t0p0 t1p0 t1p1; C2: t2p0 t2p1 t2p2", Show(Sticky.Assign(context)));
    }

    [Fact]
    public void A_new_member_takes_a_fair_share_and_nothing_else_moves()
    {
        var context = Context(
            [EagerMember("A", ["t"], 2, new TopicPartition("t", 0), new TopicPartition("t", 1), new TopicPartition("t", 2)), EagerMember("B", ["t"], 2, new TopicPartition("t", 3), new TopicPartition("t", 4), new TopicPartition("t", 5)), Member("C", "t")],
            ("t", 6));
        var result = Sticky.Assign(context);
        Assert.Equal(2, result["C"].Count);
        Assert.Equal(2, result["A"].Count);
        Assert.Equal(2, result["B"].Count);
        Assert.Subset(new HashSet<TopicPartition> { new TopicPartition("t", 0), new TopicPartition("t", 1), new TopicPartition("t", 2) }, result["A"].ToHashSet());
        Assert.Subset(new HashSet<TopicPartition> { new TopicPartition("t", 3), new TopicPartition("t", 4), new TopicPartition("t", 5) }, result["B"].ToHashSet());
    }

    [Fact]
    public void Version_0_user_data_without_a_generation_still_counts_as_ownership()
    {
        var member = new AssignmentMember("A", null, new ConsumerSubscription(["t"], Hex("00000001 0001 74 00000001 00000001")));
        var result = Sticky.Assign(Context([Member("0-first", "t"), member], ("t", 2)));
        Assert.Equal("0-first: tp0; A: tp1", Show(result));
    }

    [Fact]
    public void Owned_partitions_stand_in_for_missing_user_data()
    {
        var result = Sticky.Assign(Context([Member("0-first", "t"), Owner("A", ["t"], 4, new TopicPartition("t", 1))], ("t", 2)));
        Assert.Equal("0-first: tp0; A: tp1", Show(result));
    }

    [Fact]
    public void Unreadable_user_data_means_no_previous_ownership_not_a_failure()
    {
        var member = new AssignmentMember("A", null, new ConsumerSubscription(["t"], Hex("7FFFFFFF 00")));
        var result = Sticky.Assign(Context([member, Member("B", "t")], ("t", 2)));
        Assert.Single(result["A"]);
        Assert.Single(result["B"]);
    }

    [Fact]
    public void A_claim_from_an_older_generation_loses_to_a_newer_claim_on_the_same_partition()
    {
        // B still claims t-0 from generation 4, but A was given it in generation 5 (KIP-792).
        var context = Context([EagerMember("A", ["t"], 5, new TopicPartition("t", 0)), EagerMember("B", ["t"], 4, new TopicPartition("t", 0), new TopicPartition("t", 1))], ("t", 2));
        Assert.Equal("A: tp0; B: tp1", Show(Sticky.Assign(context)));
    }

    [Fact]
    public void Two_claims_in_the_same_generation_cancel_out_and_the_partition_is_still_assigned_once()
    {
        var context = Context([EagerMember("A", ["t"], 5, new TopicPartition("t", 0)), EagerMember("B", ["t"], 5, new TopicPartition("t", 0), new TopicPartition("t", 1))], ("t", 3));
        var result = Sticky.Assign(context);
        Assert.Contains(new TopicPartition("t", 1), result["B"]);
        Assert.Equal(3, result.Values.Sum(l => l.Count));
        Assert.Single(result.Values.SelectMany(l => l), tp => tp.Partition == 0);
    }

    [Fact]
    public void Partitions_of_topics_a_member_dropped_or_that_no_longer_exist_are_not_kept()
    {
        var context = Context(
            [EagerMember("A", ["t1"], 3, new TopicPartition("t0", 0), new TopicPartition("t1", 0), new TopicPartition("t1", 9)), Member("B", "t0", "t1")],
            ("t0", 1), ("t1", 2));
        Assert.Equal("A: t1p0 t1p1; B: t0p0", Show(Sticky.Assign(context)));
    }

    [Fact]
    public void Members_without_topics_get_an_empty_list()
    {
        var result = Sticky.Assign(Context([Member("A", "t"), Member("B")], ("t", 3)));
        Assert.Equal("A: tp0 tp1 tp2; B: ", Show(result));
    }
}
