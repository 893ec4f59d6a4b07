using Sluice.Fetch;
using Xunit;

namespace Sluice.Tests.Fetch;

public sealed class FetcherSizingTests
{
    private static readonly TopicPartition Kept = new("t", 0);
    private static readonly TopicPartition Gone = new("t", 1);

    [Fact]
    public void What_was_learnt_of_a_partition_out_of_the_targets_for_longer_than_the_keeping_time_is_dropped()
    {
        var sizing = new Dictionary<TopicPartition, BrokerFetcher.Sizing> { [Kept] = SeenAt(0), [Gone] = SeenAt(0) };

        BrokerFetcher.ForgetSizingOfPartitionsGone(sizing, [Kept], nowMs: 5_000, keptMs: 10_000);
        Assert.Equal(2, sizing.Count);

        BrokerFetcher.ForgetSizingOfPartitionsGone(sizing, [Kept], nowMs: 10_001, keptMs: 10_000);

        Assert.Equal([Kept], sizing.Keys);
        Assert.Equal(10_001, sizing[Kept].SeenAtMs);
    }

    [Fact]
    public void A_partition_among_the_targets_is_kept_however_long_ago_it_was_learnt()
    {
        var sizing = new Dictionary<TopicPartition, BrokerFetcher.Sizing> { [Kept] = SeenAt(0) };

        BrokerFetcher.ForgetSizingOfPartitionsGone(sizing, [Kept], nowMs: 3_600_000, keptMs: 10_000);

        Assert.True(sizing.ContainsKey(Kept));
    }

    private static BrokerFetcher.Sizing SeenAt(long ms) => new(1024 * 1024) { SeenAtMs = ms };
}
