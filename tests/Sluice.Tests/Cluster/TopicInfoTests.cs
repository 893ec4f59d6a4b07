using Sluice.Cluster;
using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Cluster;

public sealed class TopicInfoTests
{
    private static PartitionInfo Led(int partition, int leader) => new(partition, leader, 0, ErrorCode.None, [leader], [leader]);

    [Fact]
    public void A_topic_whose_partitions_all_have_a_leader_is_fully_led()
    {
        Assert.True(new TopicInfo("orders", ErrorCode.None, false, [Led(0, 1), Led(1, 0), Led(2, 3)]).IsFullyLed);
    }

    [Fact]
    public void A_topic_with_a_leaderless_partition_is_not_fully_led()
    {
        Assert.False(new TopicInfo("orders", ErrorCode.None, false, [Led(0, 1), Led(1, -1)]).IsFullyLed);
    }

    [Fact]
    public void A_topic_with_no_partitions_is_not_fully_led()
    {
        Assert.False(new TopicInfo("orders", ErrorCode.None, false, []).IsFullyLed);
    }

    [Theory]
    [InlineData(ErrorCode.UnknownTopicOrPartition)]
    [InlineData(ErrorCode.LeaderNotAvailable)]
    [InlineData(ErrorCode.TopicAuthorizationFailed)]
    public void A_topic_with_an_error_is_not_fully_led_even_if_its_partitions_have_leaders(ErrorCode error)
    {
        Assert.False(new TopicInfo("orders", error, false, [Led(0, 1)]).IsFullyLed);
    }

    [Fact]
    public void Node_zero_counts_as_a_leader()
    {
        Assert.True(new TopicInfo("orders", ErrorCode.None, false, [Led(0, 0)]).IsFullyLed);
    }
}
