using Sluice.Fetch;
using Sluice.Group;
using Sluice.Group.Assignors;
using Sluice.Settings;
using Xunit;

namespace Sluice.Tests.Settings;

public sealed class ConsumerSettingsTests
{
    [Fact]
    public void Defaults_are_pykafkas_where_it_has_the_parameter()
    {
        var d = ConsumerSettings.Default;

        Assert.Equal(1024 * 1024, d.FetchMessageMaxBytes);
        Assert.False(d.AutoCommitEnable);
        Assert.Equal(TimeSpan.FromSeconds(60), d.AutoCommitInterval);
        Assert.Equal(16_000, d.QueuedMaxMessages);
        Assert.False(d.ReleaseFetchedPages);
        Assert.Equal(64L * 1024 * 1024, d.QueuedMaxBytes);
        Assert.Equal(1, d.FetchMinBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(500), d.FetchErrorBackoff);
        Assert.Equal(TimeSpan.FromMilliseconds(100), d.FetchWaitMax);
        Assert.Equal(TimeSpan.FromSeconds(1), d.OffsetsChannelBackoff);
        Assert.Equal(5, d.OffsetsCommitMaxRetries);
        Assert.Equal(OffsetReset.Earliest, d.AutoOffsetReset);
        Assert.Null(d.ConsumerTimeout);
        Assert.Equal(5, d.RebalanceMaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(2), d.RebalanceBackoff);
        Assert.True(d.AutoStart);
        Assert.False(d.ResetOffsetOnStart);
        Assert.False(d.CompactedTopic);
        Assert.Equal(TimeSpan.FromSeconds(3), d.HeartbeatInterval);
        Assert.Equal(["range"], d.AssignmentStrategies);
        Assert.True(d.ResetOffsetOnFetch);
        Assert.Equal(TimeSpan.FromSeconds(30), d.SessionTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), d.MetadataMaxAge);
        Assert.Null(d.TopicPattern);
    }

    public static TheoryData<Func<ConsumerSettings>, string> Invalid() => new()
    {
        { () => ConsumerSettings.Default.WithGroupId(" "), nameof(ConsumerSettings.GroupId) },
        { () => ConsumerSettings.Default.WithTopics(), nameof(ConsumerSettings.Topics) },
        { () => ConsumerSettings.Default with { FetchMessageMaxBytes = 0 }, nameof(ConsumerSettings.FetchMessageMaxBytes) },
        { () => ConsumerSettings.Default with { NumConsumerFetchers = 0 }, nameof(ConsumerSettings.NumConsumerFetchers) },
        { () => ConsumerSettings.Default with { AutoCommitInterval = TimeSpan.Zero }, nameof(ConsumerSettings.AutoCommitInterval) },
        { () => ConsumerSettings.Default with { QueuedMaxMessages = 0 }, nameof(ConsumerSettings.QueuedMaxMessages) },
        { () => ConsumerSettings.Default with { QueuedMaxBytes = -1 }, nameof(ConsumerSettings.QueuedMaxBytes) },
        { () => ConsumerSettings.Default with { FetchMinBytes = 0 }, nameof(ConsumerSettings.FetchMinBytes) },
        { () => ConsumerSettings.Default with { OffsetsCommitMaxRetries = -1 }, nameof(ConsumerSettings.OffsetsCommitMaxRetries) },
        { () => ConsumerSettings.Default with { ConsumerTimeout = TimeSpan.FromSeconds(-1) }, nameof(ConsumerSettings.ConsumerTimeout) },
        { () => ConsumerSettings.Default with { RebalanceMaxRetries = 0 }, nameof(ConsumerSettings.RebalanceMaxRetries) },
        { () => ConsumerSettings.Default.WithHeartbeatInterval(TimeSpan.Zero), nameof(ConsumerSettings.HeartbeatInterval) },
        { () => ConsumerSettings.Default.WithSessionTimeout(TimeSpan.FromSeconds(-3)), nameof(ConsumerSettings.SessionTimeout) },
        { () => ConsumerSettings.Default.WithAssignmentStrategies(), nameof(ConsumerSettings.AssignmentStrategies) },
        { () => ConsumerSettings.Default.WithGroupInstanceId(""), nameof(ConsumerSettings.GroupInstanceId) },
        { () => ConsumerSettings.Default with { MetadataMaxAge = TimeSpan.Zero }, nameof(ConsumerSettings.MetadataMaxAge) },
        { () => ConsumerSettings.Default with { TopicPattern = "orders-(" }, nameof(ConsumerSettings.TopicPattern) },
        { () => ConsumerSettings.Default with { TopicPattern = " " }, nameof(ConsumerSettings.TopicPattern) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_value_is_refused_naming_the_setting(Func<ConsumerSettings> make, string setting)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(make);

        Assert.Equal(setting, error.ParamName);
    }

    [Fact]
    public void The_fetch_settings_carry_the_consumer_parameters()
    {
        var fetch = (ConsumerSettings.Default with { QueuedMaxMessages = 7, NumConsumerFetchers = 2, CompactedTopic = true, ClientId = "me", ReleaseFetchedPages = true, QueuedMaxBytes = 3_000_000_000 }).ToFetchSettings();

        Assert.Equal(7, fetch.QueuedMaxMessages);
        Assert.True(fetch.ReleaseFetchedPages);
        Assert.Equal(3_000_000_000, fetch.QueuedMaxBytes);
        Assert.Equal(2, fetch.MaxConcurrentFetches);
        Assert.True(fetch.CompactedTopic);
        Assert.Equal("me", fetch.Connection.ClientId);
    }

    [Fact]
    public void Strategy_names_resolve_to_the_built_in_assignors_and_custom_ones_take_precedence()
    {
        var custom = new RangeAssignor(PartitionOrdering.Pykafka);

        var resolved = AssignmentStrategies.Resolve(["cooperative-sticky", "range", "roundrobin", "sticky"], [custom]);

        Assert.Equal(["cooperative-sticky", "range", "roundrobin", "sticky"], resolved.Select(a => a.Name));
        Assert.Same(custom, resolved[1]);
        Assert.Throws<ArgumentException>(() => AssignmentStrategies.Resolve(["nonsense"]));
    }
}
