using Sluice.Cluster;
using Sluice.Group;
using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Group;

public sealed class TopicMatcherTests
{
    private static MetadataSnapshot Cluster(params (string Name, bool Internal)[] topics) => MetadataSnapshot.Empty with
    {
        Topics = topics.ToDictionary(t => t.Name, t => new TopicInfo(t.Name, ErrorCode.None, t.Internal, [new PartitionInfo(0, 1, 0, ErrorCode.None, [1], [1])])),
    };

    [Fact]
    public void A_pattern_takes_the_topics_whose_whole_name_matches_in_name_order()
    {
        var matcher = new TopicMatcher("orders-[0-9]+");

        var matched = matcher.Match(Cluster(("orders-2", false), ("orders-10", false), ("orders-eu", false), ("old-orders-1", false), ("orders-1-dlq", false)));

        Assert.Equal(["orders-10", "orders-2"], matched);
    }

    [Fact]
    public void Internal_topics_never_match_even_on_kafka_09_which_does_not_flag_them()
    {
        var matcher = new TopicMatcher(".*");

        var matched = matcher.Match(Cluster(("__consumer_offsets", false), ("__transaction_state", true), ("payments", false)));

        Assert.Equal(["payments"], matched);
    }

    [Fact]
    public void A_pattern_with_alternatives_is_anchored_as_a_whole()
    {
        var matcher = new TopicMatcher("a|b");

        Assert.Equal(["a", "b"], matcher.Match(Cluster(("a", false), ("b", false), ("ab", false), ("xb", false))));
    }
}
