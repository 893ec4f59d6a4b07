using Sluice.Group.Assignors;
using Sluice.Protocol.Consumer;
using Xunit;
using static Sluice.Tests.Group.Assignors.AssignorTestKit;

namespace Sluice.Tests.Group.Assignors;

public sealed class RoundRobinAssignorTests
{
    private static readonly RoundRobinAssignor Kafka = new();
    private static readonly RoundRobinAssignor Pykafka = new(PartitionOrdering.Pykafka);

    [Fact]
    public void Roundrobin_is_the_eager_roundrobin_protocol_without_user_data()
    {
        Assert.Equal("roundrobin", Kafka.Name);
        Assert.Equal(AssignmentProtocolKind.Eager, Kafka.Kind);
        Assert.True(Kafka.SubscriptionUserData(SubscriptionState.Fresh(["t0"])).IsEmpty);
    }

    [Fact]
    public void Java_javadoc_example_two_consumers_two_topics_of_three_partitions()
    {
        var context = Context([Member("C0", "t0", "t1"), Member("C1", "t0", "t1")], ("t0", 3), ("t1", 3));
        Assert.Equal("C0: t0p0 t0p2 t1p1; C1: t0p1 t1p0 t1p2", Show(Kafka.Assign(context)));
    }

    [Fact]
    public void Java_javadoc_example_with_unequal_subscriptions()
    {
        // Java's RoundRobinAssignor javadoc: C0 [t0], C1 [t0, t1], C2 [t0, t1, t2]; t0 1 partition, t1 2, t2 3.
        var context = Context([Member("C0", "t0"), Member("C1", "t0", "t1"), Member("C2", "t0", "t1", "t2")], ("t0", 1), ("t1", 2), ("t2", 3));
        Assert.Equal("C0: t0p0; C1: t1p0; C2: t1p1 t2p0 t2p1 t2p2", Show(Kafka.Assign(context)));
    }

    [Fact]
    public void Members_not_subscribed_to_a_topic_are_skipped_and_the_turn_moves_on()
    {
        var context = Context([Member("A", "a", "b"), Member("B", "b"), Member("C", "a", "b")], ("a", 3), ("b", 3));
        // a0->A, a1->C (B skipped), a2->A, b0->B, b1->C, b2->A.
        Assert.Equal("A: ap0 ap2 bp2; B: bp0; C: ap1 bp1", Show(Kafka.Assign(context)));
    }

    [Fact]
    public void Static_members_deal_first_by_group_instance_id()
    {
        var members = new[]
        {
            new AssignmentMember("a", null, new ConsumerSubscription(["t"])),
            new AssignmentMember("z", "i0", new ConsumerSubscription(["t"])),
        };
        Assert.Equal("a: tp1 tp3; z: tp0 tp2", Show(Kafka.Assign(Context(members, ("t", 4)))));
    }

    [Theory]
    [InlineData(6, 2, "0 2 4|1 3 5")]
    [InlineData(8, 3, "0 3 6|1 4 7|2 5")]
    public void Pykafka_worked_examples_with_one_leader(int partitions, int members, string expected)
    {
        var ids = new[] { "A", "B", "C" }[..members];
        var result = Pykafka.Assign(Context(ids.Select(id => Member(id, "t")), ("t", partitions)));
        Assert.Equal(expected, string.Join("|", ids.Select(id => string.Join(" ", Numbers(result, id)))));
    }

    [Fact]
    public void Pykafka_deals_in_topic_leader_partition_string_order()
    {
        // Order [0, 3, 1, 4, 2, 5] dealt over A, B: A = {0, 1, 2}, B = {3, 4, 5}.
        var topics = new Dictionary<string, IReadOnlyList<AssignablePartition>>
        {
            ["t"] = Enumerable.Range(0, 6).Select(p => new AssignablePartition(p, p % 3)).ToList(),
        };
        var result = Pykafka.Assign(new AssignmentContext([Member("B", "t"), Member("A", "t")], topics));
        Assert.Equal([0, 1, 2], Numbers(result, "A"));
        Assert.Equal([3, 4, 5], Numbers(result, "B"));
    }

    [Fact]
    public void Pykafka_twelve_partitions_deal_10_and_11_right_after_1()
    {
        // String order [0, 1, 10, 11, 2, ..., 9] dealt over A, B, C.
        var result = Pykafka.Assign(Context([Member("A", "t"), Member("B", "t"), Member("C", "t")], ("t", 12)));
        Assert.Equal([0, 4, 7, 11], Numbers(result, "A"));
        Assert.Equal([1, 2, 5, 8], Numbers(result, "B"));
        Assert.Equal([3, 6, 9, 10], Numbers(result, "C"));
    }
}
