using System.Collections;
using Akka.Actor;
using Akka.Configuration;
using Sluice.Fetch;
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

        foreach (var property in typeof(ConsumerSettings).GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract"))
        {
            var expected = property.GetValue(ConsumerSettings.Default);
            var actual = property.GetValue(fromReference);
            if (expected is IEnumerable list and not string)
                Assert.Equal(list.Cast<object>(), ((IEnumerable)actual!).Cast<object>());
            else
                Assert.True(Equals(expected, actual), $"{property.Name}: code default {expected}, reference.conf {actual}");
        }
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
        Assert.Equal(2000, settings.QueuedMaxMessages);
    }

    [Theory]
    [InlineData("queued-max-messages = 0", "sluice.consumer.queued-max-messages", "1 or more")]
    [InlineData("auto-offset-reset = sideways", "sluice.consumer.auto-offset-reset", "earliest or latest")]
    [InlineData("session-timeout = soon", "sluice.consumer.session-timeout", "positive duration")]
    [InlineData("topics = []", "sluice.consumer.topics", "list of topic names")]
    [InlineData("isolation-level = read_everything", "sluice.consumer.isolation-level", "read_committed")]
    public void An_invalid_value_is_refused_naming_the_key_and_what_it_accepts(string line, string key, string accepted)
    {
        var failure = Assert.Throws<SettingsException>(() => ConsumerSettings.Create(ConfigurationFactory.ParseString($"sluice.consumer {{ {line} }}")));

        Assert.Equal(key, failure.Key);
        Assert.Contains(key, failure.Message);
        Assert.Contains(accepted, failure.Message);
    }

    [Fact]
    public void Settings_come_from_the_actor_systems_configuration()
    {
        using var system = ActorSystem.Create("settings", "sluice.consumer.group-id = from-system");

        Assert.Equal("from-system", ConsumerSettings.Create(system).GroupId);
    }
}
