using Sluice.Fetch;
using Xunit;

namespace Sluice.Tests.Fetch;

public sealed class PartitionStatusTests
{
    private static readonly TopicPartition Partition = new("t", 0);

    [Fact]
    public void Lag_counts_from_what_the_application_received()
    {
        var status = new PartitionStatus(Partition, FetchPosition: 80, ConsumedPosition: 50, Buffered: 30, Leader: 1, HighWatermark: 100, Failure: null);

        Assert.Equal(50, status.Lag);
    }

    [Fact]
    public void Before_the_first_record_lag_counts_from_the_fetch_position()
    {
        Assert.Equal(100, new PartitionStatus(Partition, 0, -1, 0, 1, 100, null).Lag);
    }

    [Fact]
    public void Lag_is_unknown_without_a_high_watermark()
    {
        Assert.Equal(-1, new PartitionStatus(Partition, 0, -1, 0, 1, -1, null).Lag);
    }
}
