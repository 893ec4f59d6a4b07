using Sluice.Protocol.Records;
using Sluice.Serialization;
using Xunit;

namespace Sluice.Tests.Serialization;

public sealed class RecordPartitionsTests
{
    private static ConsumedRecord Record(string topic, int partition, long offset) =>
        new(topic, partition, offset, 0, TimestampType.CreateTime, null, [1], [], -1);

    [Fact]
    public void Records_of_one_partition_in_a_row_share_one_TopicPartition()
    {
        var topic = "orders";

        var first = RecordPartitions.Of(Record(topic, 3, 10));
        var second = RecordPartitions.Of(Record(topic, 3, 11));

        Assert.Same(first, second);
        Assert.Equal(new TopicPartition("orders", 3), first);
    }

    [Fact]
    public void A_record_of_another_partition_or_topic_gets_its_own()
    {
        var orders = RecordPartitions.Of(Record("orders", 3, 10));
        var otherPartition = RecordPartitions.Of(Record("orders", 4, 10));
        var otherTopic = RecordPartitions.Of(Record("payments", 4, 10));

        Assert.Equal(new TopicPartition("orders", 4), otherPartition);
        Assert.Equal(new TopicPartition("payments", 4), otherTopic);
        Assert.NotEqual(orders, otherPartition);
    }
}
