using Akka.Configuration;
using Sluice.Fetch;
using Sluice.Hosting;
using Sluice.Network;
using Sluice.Protocol.Records;
using Sluice.Settings;
using Sluice.Tests.Settings;
using Xunit;

namespace Sluice.Hosting.Tests;

public sealed class SluiceOptionsHoconTests
{
    private static SluiceConsumerOptions EveryOptionSet() => new()
    {
        BootstrapServers = "k1:9093,k2:9093",
        GroupId = "every-option",
        Topics = ["a", "b"],
        TopicPattern = "orders-.*",
        ClientId = "every-client",
        FetchMessageMaxBytes = 2048,
        NumConsumerFetchers = 3,
        AutoCommitEnable = true,
        AutoCommitInterval = TimeSpan.FromSeconds(7),
        QueuedMaxMessages = 11,
        QueuedMaxBytes = 5_000_000_000,
        ReleaseFetchedPages = true,
        FetchMinBytes = 13,
        FetchErrorBackoff = TimeSpan.FromMilliseconds(17),
        FetchWaitMax = TimeSpan.FromMilliseconds(19),
        OffsetsChannelBackoff = TimeSpan.FromMilliseconds(23),
        OffsetsCommitMaxRetries = 2,
        AutoOffsetReset = OffsetReset.Latest,
        ConsumerTimeout = TimeSpan.FromMilliseconds(29),
        RebalanceMaxRetries = 4,
        RebalanceBackoff = TimeSpan.FromMilliseconds(31),
        AutoStart = false,
        ResetOffsetOnStart = true,
        CompactedTopic = true,
        HeartbeatInterval = TimeSpan.FromMilliseconds(37),
        AssignmentStrategies = ["cooperative-sticky", "range"],
        ResetOffsetOnFetch = false,
        SessionTimeout = TimeSpan.FromSeconds(41),
        RebalanceTimeout = TimeSpan.FromSeconds(43),
        IsolationLevel = IsolationLevel.ReadCommitted,
        GroupInstanceId = "member-47",
        MaxPollRecords = 53,
        StopTimeout = TimeSpan.FromMilliseconds(59),
        MetadataMaxAge = TimeSpan.FromMilliseconds(79),
        Connection = new SluiceConnectionOptions
        {
            ConnectTimeout = TimeSpan.FromMilliseconds(61),
            RequestTimeout = TimeSpan.FromMilliseconds(67),
            MaxInFlightRequests = 5,
            MaxResponseSize = 4096,
            ReceiveBufferBytes = 83 * 1024,
            SendBufferBytes = 89 * 1024,
            ApiVersionsRequest = false,
            LegacyBrokerFallback = false,
            LegacyProbeDelay = TimeSpan.FromMilliseconds(71),
            ApiVersionsTimeout = TimeSpan.FromMilliseconds(73),
        },
    };

    [Fact]
    public void Options_have_a_property_for_every_consumer_and_connection_setting()
    {
        Assert.Equal(SettableNames(typeof(ConsumerSettings)), SettableNames(typeof(SluiceConsumerOptions)));
        Assert.Equal(SettableNames(typeof(ConnectionSettings)).Except([nameof(ConnectionSettings.ClientId), nameof(ConnectionSettings.MaxVersions)]), SettableNames(typeof(SluiceConnectionOptions)));
        Assert.Equal(SettableNames(typeof(CommitterSettings)), SettableNames(typeof(SluiceCommitterOptions)));
    }

    [Fact]
    public void Rendered_options_round_trip_every_property_to_the_consumer_settings()
    {
        var options = EveryOptionSet();
        Assert.All(typeof(SluiceConsumerOptions).GetProperties(), p => Assert.NotNull(p.GetValue(options)));
        Assert.All(typeof(SluiceConnectionOptions).GetProperties(), p => Assert.NotNull(p.GetValue(options.Connection)));

        var settings = ConsumerSettings.Create(options.ToConfig("every"), "every");

        var expected = ConsumerSettings.Default with
        {
            BootstrapServers = "k1:9093,k2:9093",
            GroupId = "every-option",
            Topics = ["a", "b"],
            TopicPattern = "orders-.*",
            ClientId = "every-client",
            FetchMessageMaxBytes = 2048,
            NumConsumerFetchers = 3,
            AutoCommitEnable = true,
            AutoCommitInterval = TimeSpan.FromSeconds(7),
            QueuedMaxMessages = 11,
            QueuedMaxBytes = 5_000_000_000,
            ReleaseFetchedPages = true,
            FetchMinBytes = 13,
            FetchErrorBackoff = TimeSpan.FromMilliseconds(17),
            FetchWaitMax = TimeSpan.FromMilliseconds(19),
            OffsetsChannelBackoff = TimeSpan.FromMilliseconds(23),
            OffsetsCommitMaxRetries = 2,
            AutoOffsetReset = OffsetReset.Latest,
            ConsumerTimeout = TimeSpan.FromMilliseconds(29),
            RebalanceMaxRetries = 4,
            RebalanceBackoff = TimeSpan.FromMilliseconds(31),
            AutoStart = false,
            ResetOffsetOnStart = true,
            CompactedTopic = true,
            HeartbeatInterval = TimeSpan.FromMilliseconds(37),
            AssignmentStrategies = ["cooperative-sticky", "range"],
            ResetOffsetOnFetch = false,
            SessionTimeout = TimeSpan.FromSeconds(41),
            RebalanceTimeout = TimeSpan.FromSeconds(43),
            IsolationLevel = IsolationLevel.ReadCommitted,
            GroupInstanceId = "member-47",
            MaxPollRecords = 53,
            StopTimeout = TimeSpan.FromMilliseconds(59),
            MetadataMaxAge = TimeSpan.FromMilliseconds(79),
            Connection = ConnectionSettings.Default with
            {
                ClientId = "every-client",
                ConnectTimeout = TimeSpan.FromMilliseconds(61),
                RequestTimeout = TimeSpan.FromMilliseconds(67),
                MaxInFlightRequests = 5,
                MaxResponseSize = 4096,
                ReceiveBufferBytes = 83 * 1024,
                SendBufferBytes = 89 * 1024,
                ApiVersionsRequest = false,
                LegacyBrokerFallback = false,
                LegacyProbeDelay = TimeSpan.FromMilliseconds(71),
                ApiVersionsTimeout = TimeSpan.FromMilliseconds(73),
            },
        };
        SettingsAssert.SameValues(expected, settings);
        SettingsAssert.SameValues(expected.Connection, settings.Connection);
        Assert.All(SettableNames(typeof(ConsumerSettings)).Except([nameof(ConsumerSettings.Connection)]), name => Assert.NotEqual(Value(ConsumerSettings.Default, name), Value(settings, name)));
        Assert.All(SettableNames(typeof(SluiceConnectionOptions)), name => Assert.NotEqual(Value(ConnectionSettings.Default, name), Value(settings.Connection, name)));
    }

    [Fact]
    public void Rendered_committer_options_round_trip_every_property()
    {
        var options = new SluiceCommitterOptions { MaxBatch = 3, MaxInterval = TimeSpan.FromMilliseconds(2500), Parallelism = 7 };

        var settings = CommitterSettings.Create(options.ToConfig());

        SettingsAssert.SameValues(new CommitterSettings { MaxBatch = 3, MaxInterval = TimeSpan.FromMilliseconds(2500), Parallelism = 7 }, settings);
    }

    [Fact]
    public void Only_the_options_that_are_set_are_rendered()
    {
        var config = new SluiceConsumerOptions { GroupId = "only-group" }.ToConfig("orders");

        Assert.Equal(["group-id"], config.GetConfig("sluice.consumers.orders").AsEnumerable().Select(k => k.Key));
        Assert.Null(new SluiceCommitterOptions().ToConfig().GetConfig("sluice.committer")?.AsEnumerable().FirstOrDefault().Key);
    }

    [Theory]
    [InlineData("quote \" and backslash \\ inside")]
    [InlineData("${not.a.substitution} # not a comment // nor this")]
    [InlineData("line\nbreak\ttab\rreturn\bback\fform\u0001control")]
    [InlineData("ünïcødé ✓ 群组")]
    [InlineData("a, b = c: [d] {e}")]
    public void Strings_are_quoted_so_that_any_text_comes_back_unchanged(string text)
    {
        var options = new SluiceConsumerOptions { GroupId = text, Topics = [text, "plain"], GroupInstanceId = text };

        var settings = ConsumerSettings.Create(options.ToConfig("orders"), "orders");

        Assert.Equal(text, settings.GroupId);
        Assert.Equal([text, "plain"], settings.Topics);
        Assert.Equal(text, settings.GroupInstanceId);
    }

    [Theory]
    [InlineData(15_000L)]
    [InlineData(1L)]
    [InlineData(36_000_000_000L)]
    public void Durations_keep_their_exact_length(long ticks)
    {
        var duration = TimeSpan.FromTicks(ticks);
        var options = new SluiceConsumerOptions { FetchWaitMax = duration, ConsumerTimeout = duration };

        var settings = ConsumerSettings.Create(options.ToConfig("orders"), "orders");

        Assert.Equal(duration, settings.FetchWaitMax);
        Assert.Equal(duration, settings.ConsumerTimeout);
    }

    [Fact]
    public void An_infinite_consumer_timeout_waits_for_ever_and_an_empty_instance_id_makes_a_dynamic_member()
    {
        var config = ConfigurationFactory.ParseString("sluice.consumer { consumer-timeout = 5s, group-instance-id = fixed }");
        var options = new SluiceConsumerOptions { ConsumerTimeout = Timeout.InfiniteTimeSpan, GroupInstanceId = "" };

        var settings = ConsumerSettings.Create(options.ToConfig("orders").WithFallback(config), "orders");

        Assert.Null(settings.ConsumerTimeout);
        Assert.Null(settings.GroupInstanceId);
    }

    [Fact]
    public void A_negative_duration_fails_naming_its_key()
    {
        var options = new SluiceConsumerOptions { HeartbeatInterval = TimeSpan.FromSeconds(-1) };

        var failure = Assert.Throws<SettingsException>(() => ConsumerSettings.Create(options.ToConfig("orders"), "orders"));

        Assert.Equal("sluice.consumers.orders.heartbeat-interval", failure.Key);
    }

    private static IEnumerable<string> SettableNames(Type type) => type.GetProperties()
        .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
        .Select(p => p.Name)
        .Order();

    private static object? Value(object settings, string name)
    {
        var value = settings.GetType().GetProperty(name)!.GetValue(settings);
        return value is not string and IEnumerable<string> list ? string.Join(",", list) : value;
    }
}
