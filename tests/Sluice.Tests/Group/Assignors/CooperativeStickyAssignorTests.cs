using Sluice.Group.Assignors;
using Sluice.Protocol.Consumer;
using Xunit;
using static Sluice.Tests.Group.Assignors.AssignorTestKit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Group.Assignors;

public sealed class CooperativeStickyAssignorTests
{
    private static readonly CooperativeStickyAssignor Cooperative = new();

    [Fact]
    public void Cooperative_sticky_is_the_cooperative_protocol()
    {
        Assert.Equal("cooperative-sticky", Cooperative.Name);
        Assert.Equal(AssignmentProtocolKind.Cooperative, Cooperative.Kind);
    }

    [Fact]
    public void User_data_is_java_s_four_byte_generation()
    {
        AssertBytes("00000007", Cooperative.SubscriptionUserData(new SubscriptionState(["t"], [new TopicPartition("t", 0)], 7)).Span);
        AssertBytes("FFFFFFFF", Cooperative.SubscriptionUserData(SubscriptionState.Fresh(["t"])).Span);
    }

    [Fact]
    public void The_subscription_carries_owned_partitions_generation_and_rack()
    {
        var subscription = new SubscriptionState(["t"], [new TopicPartition("t", 1)], 7, "rack-a").ToSubscription(Cooperative);
        var decoded = ConsumerSubscription.Decode(subscription.Encode());
        Assert.Equal([new TopicPartition("t", 1)], decoded.OwnedPartitions);
        Assert.Equal(7, decoded.GenerationId);
        Assert.Equal("rack-a", decoded.RackId);
        Assert.Equal(Hex("00000007"), decoded.UserData.ToArray());
    }

    [Fact]
    public void A_new_member_waits_one_round_while_the_owner_revokes_then_receives()
    {
        var round1 = Cooperative.Assign(Context([Owner("A", ["t"], 3, [.. Enumerable.Range(0, 6).Select(p => new TopicPartition("t", p))]), Member("B", "t")], ("t", 6)));
        Assert.Equal(3, round1["A"].Count);
        Assert.Empty(round1["B"]);

        // A revoked the three it lost and rejoins owning the rest; B owns nothing yet.
        var round2 = Cooperative.Assign(Context([Owner("A", ["t"], 4, [.. round1["A"]]), Owner("B", ["t"], 4)], ("t", 6)));
        Assert.Equal(round1["A"], round2["A"]);
        Assert.Equal(3, round2["B"].Count);
        Assert.Empty(round2["A"].Intersect(round2["B"]));
    }

    [Fact]
    public void Unclaimed_partitions_are_given_at_once()
    {
        Assert.Equal("A: tp0; B: tp1", Show(Cooperative.Assign(Context([Member("A", "t"), Member("B", "t")], ("t", 2)))));
    }

    [Fact]
    public void A_partition_two_members_claim_in_the_same_generation_goes_to_nobody_this_round()
    {
        var result = Cooperative.Assign(Context([Owner("A", ["t"], 5, new TopicPartition("t", 0)), Owner("B", ["t"], 5, new TopicPartition("t", 0), new TopicPartition("t", 1))], ("t", 2)));
        Assert.DoesNotContain(result.Values.SelectMany(l => l), tp => tp.Partition == 0);
        Assert.Equal("B: tp1", $"B: {Show(result["B"])}");
    }

    [Fact]
    public void A_stale_claim_does_not_hold_a_partition_back()
    {
        var result = Cooperative.Assign(Context([Owner("A", ["t"], 5, new TopicPartition("t", 0)), Owner("B", ["t"], 4, new TopicPartition("t", 0), new TopicPartition("t", 1))], ("t", 2)));
        Assert.Equal("A: tp0; B: tp1", Show(result));
    }

    [Fact]
    public void A_partition_of_a_topic_its_owner_dropped_is_withheld_until_the_owner_revokes_it()
    {
        var result = Cooperative.Assign(Context([Owner("A", ["t1"], 5, new TopicPartition("t0", 0), new TopicPartition("t1", 0)), Owner("B", ["t0", "t1"], 5, new TopicPartition("t1", 1))], ("t0", 1), ("t1", 2)));
        Assert.Equal("A: t1p0; B: t1p1", Show(result));
    }

    [Fact]
    public void The_generation_comes_from_user_data_for_members_on_an_older_subscription_version()
    {
        // Version 1 subscriptions carry no generation: Java's cooperative-sticky puts it in its 4-byte user data.
        static AssignmentMember V1(string id, int generation, params TopicPartition[] owned) =>
            new(id, null, ConsumerSubscription.Decode(new ConsumerSubscription(["t"], Hex(generation.ToString("X8", System.Globalization.CultureInfo.InvariantCulture)), owned).Encode(1)));

        var result = Cooperative.Assign(Context([V1("A", 5, new TopicPartition("t", 0)), V1("B", 4, new TopicPartition("t", 0), new TopicPartition("t", 1))], ("t", 2)));
        Assert.Equal("A: tp0; B: tp1", Show(result));
    }

    [Fact]
    public void The_generation_comes_from_librdkafka_s_sticky_user_data_when_the_subscription_has_none()
    {
        var userData = Hex("00000001 0001 74 00000001 00000000 00000009");
        var member = new AssignmentMember("A", null, new ConsumerSubscription(["t"], userData, [new TopicPartition("t", 0)]));
        var result = Cooperative.Assign(Context([member, Owner("B", ["t"], 8, new TopicPartition("t", 0), new TopicPartition("t", 1))], ("t", 2)));
        Assert.Equal("A: tp0; B: tp1", Show(result));
    }
}
