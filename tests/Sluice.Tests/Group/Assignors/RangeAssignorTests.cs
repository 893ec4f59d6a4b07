using Sluice.Group.Assignors;
using Sluice.Protocol.Consumer;
using Xunit;
using static Sluice.Tests.Group.Assignors.AssignorTestKit;

namespace Sluice.Tests.Group.Assignors;

public sealed class RangeAssignorTests
{
    private static readonly RangeAssignor Kafka = new();
    private static readonly RangeAssignor Pykafka = new(PartitionOrdering.Pykafka);

    [Fact]
    public void Range_is_the_eager_range_protocol_without_user_data()
    {
        Assert.Equal("range", Kafka.Name);
        Assert.Equal("range", Pykafka.Name);
        Assert.Equal(AssignmentProtocolKind.Eager, Kafka.Kind);
        Assert.True(Kafka.SubscriptionUserData(SubscriptionState.Fresh(["t0"])).IsEmpty);
    }

    [Fact]
    public void Java_javadoc_example_two_consumers_two_topics_of_three_partitions()
    {
        var context = Context([Member("C0", "t0", "t1"), Member("C1", "t0", "t1")], ("t0", 3), ("t1", 3));
        Assert.Equal("C0: t0p0 t0p1 t1p0 t1p1; C1: t0p2 t1p2", Show(Kafka.Assign(context)));
    }

    [Fact]
    public void The_first_members_get_the_extra_partitions_in_member_id_order()
    {
        var context = Context([Member("c"), Member("a", "t"), Member("b", "t"), Member("d", "t")], ("t", 5));
        var members = new[] { Member("c", "t"), Member("a", "t"), Member("b", "t") };
        Assert.Equal("a: tp0 tp1; b: tp2 tp3; c: tp4", Show(Kafka.Assign(Context(members, ("t", 5)))));
        Assert.Equal("a: tp0 tp1; b: tp2 tp3; c: ; d: tp4", Show(Kafka.Assign(context)));
    }

    [Fact]
    public void Only_members_subscribed_to_a_topic_share_it()
    {
        var context = Context([Member("A", "t0"), Member("B", "t0", "t1"), Member("C", "t1")], ("t0", 4), ("t1", 2));
        Assert.Equal("A: t0p0 t0p1; B: t0p2 t0p3 t1p0; C: t1p1", Show(Kafka.Assign(context)));
    }

    [Fact]
    public void More_members_than_partitions_leaves_the_last_members_empty_but_present()
    {
        var context = Context([Member("A", "t"), Member("B", "t"), Member("C", "t")], ("t", 2));
        Assert.Equal("A: tp0; B: tp1; C: ", Show(Kafka.Assign(context)));
    }

    [Fact]
    public void A_subscribed_topic_missing_from_metadata_is_skipped()
    {
        var context = Context([Member("A", "t", "missing")], ("t", 2));
        Assert.Equal("A: tp0 tp1", Show(Kafka.Assign(context)));
    }

    [Fact]
    public void Static_members_sort_first_by_group_instance_id_then_dynamic_members_by_member_id_as_in_java()
    {
        // Java's MemberInfo order: instance ids "i1" < "i2" place m9 and m8 before the dynamic a and b.
        var members = new[]
        {
            new AssignmentMember("a", null, new ConsumerSubscription(["t"])),
            new AssignmentMember("m9", "i1", new ConsumerSubscription(["t"])),
            new AssignmentMember("b", null, new ConsumerSubscription(["t"])),
            new AssignmentMember("m8", "i2", new ConsumerSubscription(["t"])),
        };
        Assert.Equal("a: tp2; b: tp3; m8: tp1; m9: tp0", Show(Kafka.Assign(Context(members, ("t", 4)))));
    }

    [Fact]
    public void Member_ids_sort_ordinally_not_by_culture()
    {
        var context = Context([Member("b", "t"), Member("B", "t"), Member("a", "t")], ("t", 3));
        Assert.Equal("B: tp0; a: tp1; b: tp2", Show(Kafka.Assign(context)));
    }

    [Fact]
    public void Input_member_order_does_not_matter()
    {
        var members = new[] { Member("x", "t0", "t1"), Member("b", "t0"), Member("m", "t1"), Member("a", "t0", "t1") };
        var expected = Show(Kafka.Assign(Context(members, ("t0", 7), ("t1", 5))));
        Assert.Equal(expected, Show(Kafka.Assign(Context(members.Reverse(), ("t0", 7), ("t1", 5)))));
        Assert.Equal(expected, Show(Kafka.Assign(Context([members[2], members[0], members[3], members[1]], ("t0", 7), ("t1", 5)))));
    }

    [Theory]
    [InlineData(6, 2, "0 1 2|3 4 5")]
    [InlineData(8, 3, "0 1 2|3 4 5|6 7")]
    [InlineData(3, 4, "0|1|2|")]
    public void Pykafka_worked_examples_with_one_leader(int partitions, int members, string expected)
    {
        var ids = new[] { "A", "B", "C", "D" }[..members];
        var result = Pykafka.Assign(Context(ids.Select(id => Member(id, "t")), ("t", partitions)));
        Assert.Equal(expected, string.Join("|", ids.Select(id => string.Join(" ", Numbers(result, id)))));
    }

    [Fact]
    public void Pykafka_orders_partitions_by_the_string_topic_leader_partition_so_10_sorts_before_2()
    {
        var result = Pykafka.Assign(Context([Member("A", "t"), Member("B", "t"), Member("C", "t")], ("t", 12)));
        Assert.Equal([0, 1, 10, 11], Numbers(result, "A"));
        Assert.Equal([2, 3, 4, 5], Numbers(result, "B"));
        Assert.Equal([6, 7, 8, 9], Numbers(result, "C"));

        var kafka = Kafka.Assign(Context([Member("A", "t"), Member("B", "t"), Member("C", "t")], ("t", 12)));
        Assert.Equal([0, 1, 2, 3], Numbers(kafka, "A"));
    }

    [Fact]
    public void Pykafka_orders_by_leader_before_partition()
    {
        // Leaders p0->0, p1->1, p2->2, p3->0, p4->1, p5->2: keys sort t-0-0, t-0-3, t-1-1, t-1-4, t-2-2, t-2-5.
        var topics = new Dictionary<string, IReadOnlyList<AssignablePartition>>
        {
            ["t"] = Enumerable.Range(0, 6).Select(p => new AssignablePartition(p, p % 3)).ToList(),
        };
        var result = Pykafka.Assign(new AssignmentContext([Member("A", "t"), Member("B", "t")], topics));
        Assert.Equal([0, 1, 3], Numbers(result, "A"));
        Assert.Equal([2, 4, 5], Numbers(result, "B"));
    }

    [Fact]
    public void Pykafka_ignores_group_instance_ids_and_sorts_member_ids()
    {
        var members = new[]
        {
            new AssignmentMember("b", "i0", new ConsumerSubscription(["t"])),
            new AssignmentMember("a", "i9", new ConsumerSubscription(["t"])),
        };
        Assert.Equal("a: tp0; b: tp1", Show(Pykafka.Assign(Context(members, ("t", 2)))));
    }

    [Fact]
    public void Pykafka_distribution_matches_its_unit_test_for_every_size()
    {
        // pykafka's test: M = 1..100 members, P = 100..1 partitions; member i gets P/M + 1 if i < P % M, else P/M.
        for (var m = 1; m <= 100; m++)
        {
            var p = 101 - m;
            var ids = Enumerable.Range(0, m).Select(i => $"m{i:D3}").ToList();
            var result = Pykafka.Assign(Context(ids.Select(id => Member(id, "t")), ("t", p)));
            Assert.Equal(p, result.Values.Sum(l => l.Count));
            Assert.Equal(p, result.Values.SelectMany(l => l).Distinct().Count());
            for (var i = 0; i < m; i++)
                Assert.Equal(p / m + (i < p % m ? 1 : 0), result[ids[i]].Count);
        }
    }
}
