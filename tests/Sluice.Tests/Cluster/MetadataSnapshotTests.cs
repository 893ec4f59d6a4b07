using Sluice.Cluster;
using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Cluster;

public sealed class MetadataSnapshotTests
{
    private static MetadataBroker Broker(int id, int port = 9092, string? rack = null) => new(id, $"k{id}", port, rack);

    private static MetadataPartition Partition(int index, int leader, int epoch = 0, ErrorCode error = ErrorCode.None) =>
        new(error, index, leader, epoch, [1, 2, 3], [1, 2], []);

    private static MetadataTopic Topic(string? name, params MetadataPartition[] partitions) =>
        new(ErrorCode.None, name, Guid.Empty, false, partitions);

    private static MetadataResponse Response(MetadataBroker[] brokers, MetadataTopic[] topics, int controller = 1, string? clusterId = "cid") =>
        new(0, brokers, clusterId, controller, topics, ErrorCode.None);

    [Fact]
    public void Empty_knows_nothing()
    {
        var empty = MetadataSnapshot.Empty;

        Assert.Empty(empty.Brokers);
        Assert.Empty(empty.Topics);
        Assert.Equal(-1, empty.ControllerId);
        Assert.Null(empty.ClusterId);
        Assert.Null(empty.LeaderOf("orders", 0));
    }

    [Fact]
    public void Apply_takes_brokers_controller_and_cluster_id_from_the_answer()
    {
        var snapshot = MetadataSnapshot.Empty.Apply(
            Response([Broker(1, rack: "r1"), Broker(2, 9093)], [], controller: 2, clusterId: "abc"),
            coversAllTopics: true);

        Assert.Equal(new BrokerNode(1, new BrokerEndpoint("k1", 9092), "r1"), snapshot.Brokers[1]);
        Assert.Equal(new BrokerNode(2, new BrokerEndpoint("k2", 9093), null), snapshot.Brokers[2]);
        Assert.Equal(2, snapshot.ControllerId);
        Assert.Equal("abc", snapshot.ClusterId);
    }

    [Fact]
    public void Apply_replaces_the_brokers()
    {
        var first = MetadataSnapshot.Empty.Apply(Response([Broker(1), Broker(2), Broker(3)], []), coversAllTopics: true);

        var second = first.Apply(Response([Broker(2, 19092), Broker(4)], []), coversAllTopics: false);

        Assert.Equal([2, 4], second.Brokers.Keys.Order());
        Assert.Equal(19092, second.Brokers[2].Endpoint.Port);
        Assert.Equal([1, 2, 3], first.Brokers.Keys.Order());
    }

    [Fact]
    public void Apply_keeps_the_previous_cluster_id_when_the_answer_has_none()
    {
        var first = MetadataSnapshot.Empty.Apply(Response([Broker(1)], [], clusterId: "abc"), coversAllTopics: true);

        var second = first.Apply(Response([Broker(1)], [], controller: -1, clusterId: null), coversAllTopics: true);

        Assert.Equal("abc", second.ClusterId);
        Assert.Equal(-1, second.ControllerId);
    }

    [Fact]
    public void Apply_with_a_partial_answer_keeps_other_known_topics_and_replaces_the_named_ones()
    {
        var first = MetadataSnapshot.Empty.Apply(
            Response([Broker(1), Broker(2)], [Topic("orders", Partition(0, 1)), Topic("audit", Partition(0, 2))]),
            coversAllTopics: true);

        var second = first.Apply(
            Response([Broker(1), Broker(2)], [Topic("orders", Partition(0, 2, epoch: 9), Partition(1, 1)), Topic("new", Partition(0, 1))]),
            coversAllTopics: false);

        Assert.Equal(["audit", "new", "orders"], second.Topics.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, second.Topics["audit"].Partitions[0].Leader);
        Assert.Equal(2, second.Topics["orders"].Partitions.Count);
        Assert.Equal(9, second.Topics["orders"].Partitions[0].LeaderEpoch);
        Assert.Equal(1, Assert.Single(first.Topics["orders"].Partitions).Leader);
    }

    [Fact]
    public void Apply_with_a_full_answer_drops_topics_it_does_not_name()
    {
        var first = MetadataSnapshot.Empty.Apply(
            Response([Broker(1)], [Topic("orders", Partition(0, 1)), Topic("audit", Partition(0, 1))]),
            coversAllTopics: true);

        var second = first.Apply(Response([Broker(1)], [Topic("orders", Partition(0, 1))]), coversAllTopics: true);

        Assert.Equal(["orders"], second.Topics.Keys);
        Assert.Null(second.LeaderOf("audit", 0));
        Assert.Equal(2, first.Topics.Count);
    }

    [Fact]
    public void Apply_orders_partitions_by_number_and_copies_their_fields()
    {
        var snapshot = MetadataSnapshot.Empty.Apply(
            Response([Broker(1), Broker(2)],
            [
                Topic("orders",
                    Partition(2, 1, epoch: 4),
                    Partition(0, 2, epoch: 5),
                    Partition(10, -1, epoch: 6, ErrorCode.LeaderNotAvailable),
                    Partition(1, 1, epoch: 7)),
            ]),
            coversAllTopics: true);

        var partitions = snapshot.Topics["orders"].Partitions;
        Assert.Equal([0, 1, 2, 10], partitions.Select(p => p.Partition));
        Assert.Equal([5, 7, 4, 6], partitions.Select(p => p.LeaderEpoch));
        Assert.Equal(ErrorCode.LeaderNotAvailable, partitions[3].Error);
        Assert.Equal([1, 2, 3], partitions[0].Replicas);
        Assert.Equal([1, 2], partitions[0].Isr);
    }

    [Fact]
    public void Apply_copies_topic_error_and_internal_flag()
    {
        var snapshot = MetadataSnapshot.Empty.Apply(
            Response([Broker(1)],
            [
                new MetadataTopic(ErrorCode.None, "__consumer_offsets", Guid.NewGuid(), true, [Partition(0, 1)]),
                new MetadataTopic(ErrorCode.UnknownTopicOrPartition, "missing", Guid.Empty, false, []),
            ]),
            coversAllTopics: false);

        Assert.True(snapshot.Topics["__consumer_offsets"].IsInternal);
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, snapshot.Topics["missing"].Error);
        Assert.Empty(snapshot.Topics["missing"].Partitions);
    }

    [Fact]
    public void Apply_skips_topics_without_a_name()
    {
        var snapshot = MetadataSnapshot.Empty.Apply(
            Response([Broker(1)], [new MetadataTopic(ErrorCode.UnknownTopicId, null, Guid.NewGuid(), false, []), Topic("orders", Partition(0, 1))]),
            coversAllTopics: true);

        Assert.Equal(["orders"], snapshot.Topics.Keys);
    }

    [Fact]
    public void Apply_does_not_change_the_snapshot_it_is_called_on()
    {
        var empty = MetadataSnapshot.Empty;

        _ = empty.Apply(Response([Broker(1)], [Topic("orders", Partition(0, 1))]), coversAllTopics: false);

        Assert.Empty(MetadataSnapshot.Empty.Brokers);
        Assert.Empty(MetadataSnapshot.Empty.Topics);
    }

    [Fact]
    public void Apply_with_a_broker_listed_twice_keeps_its_last_entry()
    {
        var answer = Response([Broker(1), Broker(2), new MetadataBroker(1, "k1-again", 9094, null)], [Topic("orders", Partition(0, 1))]);

        var snapshot = MetadataSnapshot.Empty.Apply(answer, coversAllTopics: true);

        Assert.Equal(2, snapshot.Brokers.Count);
        Assert.Equal(new BrokerEndpoint("k1-again", 9094), snapshot.Brokers[1].Endpoint);
    }

    [Fact]
    public void Apply_with_a_topic_listed_twice_keeps_the_last()
    {
        var snapshot = MetadataSnapshot.Empty.Apply(
            Response([Broker(1), Broker(2)], [Topic("orders", Partition(0, 1)), Topic("orders", Partition(0, 2))]),
            coversAllTopics: true);

        Assert.Equal(2, snapshot.LeaderOf("orders", 0)?.Id);
    }

    [Fact]
    public void LeaderOf_finds_the_leading_broker()
    {
        var snapshot = MetadataSnapshot.Empty.Apply(
            Response([Broker(1), Broker(2, 9093)], [Topic("orders", Partition(0, 1), Partition(1, 2))]),
            coversAllTopics: true);

        Assert.Equal(new BrokerNode(1, new BrokerEndpoint("k1", 9092), null), snapshot.LeaderOf("orders", 0));
        Assert.Equal(new BrokerEndpoint("k2", 9093), snapshot.LeaderOf("orders", 1)?.Endpoint);
    }

    [Fact]
    public void LeaderOf_is_null_for_an_unknown_topic_partition_or_leader()
    {
        var snapshot = MetadataSnapshot.Empty.Apply(
            Response([Broker(1)], [Topic("orders", Partition(0, 1), Partition(1, -1), Partition(2, 7))]),
            coversAllTopics: true);

        Assert.Null(snapshot.LeaderOf("unknown", 0));
        Assert.Null(snapshot.LeaderOf("ORDERS", 0));
        Assert.Null(snapshot.LeaderOf("orders", 3));
        Assert.Null(snapshot.LeaderOf("orders", -1));
        Assert.Null(snapshot.LeaderOf("orders", 1));   // leader -1: none
        Assert.Null(snapshot.LeaderOf("orders", 2));   // leader 7 is not among the brokers
        Assert.NotNull(snapshot.LeaderOf("orders", 0));
    }
}
