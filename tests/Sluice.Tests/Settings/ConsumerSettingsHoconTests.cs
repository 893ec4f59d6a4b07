using Akka.Actor;
using Akka.Configuration;
using Sluice.Fetch;
using Sluice.Network;
using Sluice.Protocol.Records;
using Sluice.Settings;
using Xunit;

namespace Sluice.Tests.Settings;

public sealed class ConsumerSettingsHoconTests
{
    [Fact]
    public void The_reference_configuration_and_the_code_defaults_agree_on_every_setting()
    {
        var fromReference = ConsumerSettings.Create(Config.Empty);

        SettingsAssert.SameValues(ConsumerSettings.Default, fromReference);
        SettingsAssert.SameValues(ConnectionSettings.Default, fromReference.Connection);
    }

    [Fact]
    public void Values_from_hocon_override_the_defaults()
    {
        var config = ConfigurationFactory.ParseString("""
            sluice.consumer {
              bootstrap-servers = "k1:9092,k2:9092"
              group-id = billing
              topics = [invoices, refunds]
              auto-commit-enable = on
              auto-commit-interval = 250ms
              auto-offset-reset = latest
              consumer-timeout = 2s
              assignment-strategies = [cooperative-sticky, range]
              isolation-level = read_committed
              group-instance-id = billing-1
              topic-pattern = "billing-.*"
              release-fetched-pages = on
              queued-max-bytes = 8589934592
            }
            """);

        var settings = ConsumerSettings.Create(config);

        Assert.Equal("k1:9092,k2:9092", settings.BootstrapServers);
        Assert.Equal("billing", settings.GroupId);
        Assert.Equal(["invoices", "refunds"], settings.Topics);
        Assert.True(settings.AutoCommitEnable);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.AutoCommitInterval);
        Assert.Equal(OffsetReset.Latest, settings.AutoOffsetReset);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.ConsumerTimeout);
        Assert.Equal(["cooperative-sticky", "range"], settings.AssignmentStrategies);
        Assert.Equal(IsolationLevel.ReadCommitted, settings.IsolationLevel);
        Assert.Equal("billing-1", settings.GroupInstanceId);
        Assert.Equal("billing-.*", settings.TopicPattern);
        Assert.True(settings.ReleaseFetchedPages);
        Assert.Equal(8L * 1024 * 1024 * 1024, settings.QueuedMaxBytes);
        Assert.Equal(16_000, settings.QueuedMaxMessages);
    }

    [Theory]
    [InlineData("queued-max-messages = 0", "sluice.consumer.queued-max-messages", "1 or more")]
    [InlineData("queued-max-bytes = 0", "sluice.consumer.queued-max-bytes", "1 or more")]
    [InlineData("auto-offset-reset = sideways", "sluice.consumer.auto-offset-reset", "earliest or latest")]
    [InlineData("session-timeout = soon", "sluice.consumer.session-timeout", "positive duration")]
    [InlineData("topics = []", "sluice.consumer.topics", "list of topic names")]
    [InlineData("isolation-level = read_everything", "sluice.consumer.isolation-level", "read_committed")]
    [InlineData("topic-pattern = \"orders-(\"", "sluice.consumer.topic-pattern", "regular expression")]
    public void An_invalid_value_is_refused_naming_the_key_and_what_it_accepts(string line, string key, string accepted)
    {
        var failure = Assert.Throws<SettingsException>(() => ConsumerSettings.Create(ConfigurationFactory.ParseString($"sluice.consumer {{ {line} }}")));

        Assert.Equal(key, failure.Key);
        Assert.Contains(key, failure.Message);
        Assert.Contains(accepted, failure.Message);
    }

    [Fact]
    public void The_connection_block_sets_how_every_broker_is_talked_to_and_keeps_the_consumers_client_id()
    {
        var config = ConfigurationFactory.ParseString("""
            sluice.consumer {
              client-id = billing-service
              connection {
                connect-timeout = 3s
                request-timeout = 45s
                max-in-flight-requests = 4
                max-response-size = 2097152
                receive-buffer-bytes = 4194304
                send-buffer-bytes = 131072
                api-versions-request = off
                legacy-broker-fallback = off
                legacy-probe-delay = 750ms
                api-versions-timeout = 20s
              }
            }
            """);

        var connection = ConsumerSettings.Create(config).Connection;

        Assert.Equal(TimeSpan.FromSeconds(3), connection.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(45), connection.RequestTimeout);
        Assert.Equal(4, connection.MaxInFlightRequests);
        Assert.Equal(2 * 1024 * 1024, connection.MaxResponseSize);
        Assert.Equal(4 * 1024 * 1024, connection.ReceiveBufferBytes);
        Assert.Equal(128 * 1024, connection.SendBufferBytes);
        Assert.False(connection.ApiVersionsRequest);
        Assert.False(connection.LegacyBrokerFallback);
        Assert.Equal(TimeSpan.FromMilliseconds(750), connection.LegacyProbeDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), connection.ApiVersionsTimeout);
        Assert.Equal("billing-service", connection.ClientId);
    }

    [Fact]
    public void A_connection_block_that_sets_one_key_keeps_the_reference_defaults_for_the_others()
    {
        var connection = ConsumerSettings.Create(ConfigurationFactory.ParseString("sluice.consumer.connection.request-timeout = 5s")).Connection;

        Assert.Equal(TimeSpan.FromSeconds(5), connection.RequestTimeout);
        Assert.Equal(ConnectionSettings.Default.ConnectTimeout, connection.ConnectTimeout);
        Assert.Equal(ConnectionSettings.Default.MaxInFlightRequests, connection.MaxInFlightRequests);
    }

    [Theory]
    [InlineData("connection { max-in-flight-requests = 0 }", "sluice.consumer.connection.max-in-flight-requests", "1 or more")]
    [InlineData("connection { max-response-size = 512 }", "sluice.consumer.connection.max-response-size", "1024 or more")]
    [InlineData("connection { receive-buffer-bytes = 64 }", "sluice.consumer.connection.receive-buffer-bytes", "0 (the system's) or 1024 or more")]
    [InlineData("connection { send-buffer-bytes = -1 }", "sluice.consumer.connection.send-buffer-bytes", "0 (the system's) or 1024 or more")]
    [InlineData("connection { connect-timeout = 0s }", "sluice.consumer.connection.connect-timeout", "positive duration")]
    [InlineData("connection { api-versions-request = perhaps }", "sluice.consumer.connection.api-versions-request", "on or off")]
    [InlineData("connection = 5", "sluice.consumer.connection", "block")]
    public void An_invalid_connection_value_is_refused_naming_its_full_key(string line, string key, string accepted)
    {
        var failure = Assert.Throws<SettingsException>(() => ConsumerSettings.Create(ConfigurationFactory.ParseString($"sluice.consumer {{ {line} }}")));

        Assert.Equal(key, failure.Key);
        Assert.Contains(accepted, failure.Message);
    }

    [Theory]
    [InlineData("grup-id = x", "sluice.consumer.grup-id", "sluice.consumer.group-id")]
    [InlineData("heartbeat-intervall = 1s", "sluice.consumer.heartbeat-intervall", "sluice.consumer.heartbeat-interval")]
    [InlineData("connect-timeout = 1s", "sluice.consumer.connect-timeout", "sluice.consumer.connection.connect-timeout")]
    [InlineData("connection { request-timout = 1s }", "sluice.consumer.connection.request-timout", "sluice.consumer.connection.request-timeout")]
    public void A_misspelt_key_is_refused_naming_it_and_suggesting_the_key_meant(string line, string key, string suggestion)
    {
        var failure = Assert.Throws<SettingsException>(() => ConsumerSettings.Create(ConfigurationFactory.ParseString($"sluice.consumer {{ {line} }}")));

        Assert.Equal(key, failure.Key);
        Assert.Contains($"did you mean {suggestion}?", failure.Message);
    }

    [Fact]
    public void An_unknown_key_is_refused_listing_the_accepted_keys_without_a_far_fetched_suggestion()
    {
        var failure = Assert.Throws<SettingsException>(() => ConsumerSettings.Create(ConfigurationFactory.ParseString("sluice.consumer.colour = blue")));

        Assert.Equal("sluice.consumer.colour", failure.Key);
        Assert.DoesNotContain("did you mean", failure.Message);
        Assert.Contains("sluice.consumer accepts only bootstrap-servers, group-id, topics,", failure.Message);
        Assert.Contains("connection { connect-timeout, request-timeout,", failure.Message);
    }

    [Theory]
    [InlineData("sluice.consumr.group-id = x", "sluice.consumr", "did you mean sluice.consumer?")]
    [InlineData("sluice.comitter.max-batch = 5", "sluice.comitter", "did you mean sluice.committer?")]
    [InlineData("sluice.colour = blue", "sluice.colour", "sluice accepts only consumer { … }, consumers { <name> { … } }, committer { … } and cli { … }")]
    public void A_block_under_sluice_that_no_part_of_Sluice_reads_is_refused(string line, string key, string expected)
    {
        var config = ConfigurationFactory.ParseString(line);

        var failure = Assert.Throws<SettingsException>(() => ConsumerSettings.Create(config));
        var committerFailure = Assert.Throws<SettingsException>(() => CommitterSettings.Create(config));

        Assert.Equal(key, failure.Key);
        Assert.Contains(expected, failure.Message);
        Assert.Equal(key, committerFailure.Key);
    }

    [Fact]
    public void Settings_come_from_the_actor_systems_configuration()
    {
        using var system = ActorSystem.Create("settings", "sluice.consumer.group-id = from-system");

        Assert.Equal("from-system", ConsumerSettings.Create(system).GroupId);
    }
}
