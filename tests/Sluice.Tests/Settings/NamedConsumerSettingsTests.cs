using Akka.Actor;
using Akka.Configuration;
using Sluice.Fetch;
using Sluice.Settings;
using Xunit;

namespace Sluice.Tests.Settings;

public sealed class NamedConsumerSettingsTests
{
    private static readonly Config TwoConsumers = ConfigurationFactory.ParseString("""
        sluice.consumer {
          bootstrap-servers = "kafka-1:9092,kafka-2:9092"
          auto-offset-reset = latest
          connection.request-timeout = 40s
        }
        sluice.consumers {
          orders {
            group-id = order-processing
            topics = [orders]
            queued-max-messages = 500
            connection.connect-timeout = 2s
          }
          audit {
            group-id = audit-trail
            topics = [orders, refunds]
            auto-offset-reset = earliest
          }
        }
        """);

    [Fact]
    public void A_named_consumer_takes_its_own_keys_then_the_shared_block_then_the_reference()
    {
        var orders = ConsumerSettings.Create(TwoConsumers, "orders");

        Assert.Equal("order-processing", orders.GroupId);
        Assert.Equal(["orders"], orders.Topics);
        Assert.Equal(500, orders.QueuedMaxMessages);
        Assert.Equal("kafka-1:9092,kafka-2:9092", orders.BootstrapServers);
        Assert.Equal(OffsetReset.Latest, orders.AutoOffsetReset);
        Assert.Equal(TimeSpan.FromSeconds(2), orders.Connection.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(40), orders.Connection.RequestTimeout);
        Assert.Equal(ConsumerSettings.Default.HeartbeatInterval, orders.HeartbeatInterval);
    }

    [Fact]
    public void Two_named_consumers_in_one_configuration_keep_their_own_groups_and_overrides()
    {
        var orders = ConsumerSettings.Create(TwoConsumers, "orders");
        var audit = ConsumerSettings.Create(TwoConsumers, "audit");

        Assert.Equal("audit-trail", audit.GroupId);
        Assert.Equal(["orders", "refunds"], audit.Topics);
        Assert.Equal(OffsetReset.Earliest, audit.AutoOffsetReset);
        Assert.Equal(ConsumerSettings.Default.QueuedMaxMessages, audit.QueuedMaxMessages);
        Assert.NotEqual(orders.GroupId, audit.GroupId);
    }

    [Fact]
    public void A_name_without_its_own_block_reads_the_shared_consumer_block()
    {
        SettingsAssert.SameValues(ConsumerSettings.Create(TwoConsumers), ConsumerSettings.Create(TwoConsumers, "reporting"));
    }

    [Fact]
    public void A_consumer_whose_block_is_misspelt_is_refused_naming_the_block_that_is_there()
    {
        var failure = Assert.Throws<SettingsException>(() => ConsumerSettings.Create(TwoConsumers, "order"));

        Assert.Equal("sluice.consumers.order", failure.Key);
        Assert.Contains("is not configured, but sluice.consumers.orders is", failure.Message);
    }

    [Theory]
    [InlineData("sluice.consumers.group-id = order-processing", "sluice.consumers.group-id")]
    [InlineData("sluice.consumers.orders = [orders]", "sluice.consumers.orders")]
    public void A_setting_written_where_a_consumers_block_goes_is_refused(string line, string key)
    {
        var failure = Assert.Throws<SettingsException>(() => ConsumerSettings.Create(ConfigurationFactory.ParseString(line), "audit"));

        Assert.Equal(key, failure.Key);
        Assert.Contains("is not a named consumer's block", failure.Message);
        Assert.Contains("shared settings go in sluice.consumer", failure.Message);
    }

    [Theory]
    [InlineData("queued-max-messages = 0", "sluice.consumers.orders.queued-max-messages", "1 or more")]
    [InlineData("connection.max-in-flight-requests = -1", "sluice.consumers.orders.connection.max-in-flight-requests", "1 or more")]
    [InlineData("grup-id = x", "sluice.consumers.orders.grup-id", "did you mean sluice.consumers.orders.group-id?")]
    [InlineData("connection.conect-timeout = 1s", "sluice.consumers.orders.connection.conect-timeout", "did you mean sluice.consumers.orders.connection.connect-timeout?")]
    public void A_bad_key_under_the_named_block_is_reported_with_its_named_path(string line, string key, string expected)
    {
        var config = ConfigurationFactory.ParseString($"sluice.consumers.orders {{ {line} }}");

        var failure = Assert.Throws<SettingsException>(() => ConsumerSettings.Create(config, "orders"));

        Assert.Equal(key, failure.Key);
        Assert.Contains(expected, failure.Message);
    }

    [Fact]
    public void A_bad_key_in_the_shared_block_is_reported_with_the_shared_path()
    {
        var config = ConfigurationFactory.ParseString("sluice.consumer.fetch-wait-max = -1s\nsluice.consumers.orders.group-id = o");

        var failure = Assert.Throws<SettingsException>(() => ConsumerSettings.Create(config, "orders"));

        Assert.Equal("sluice.consumer.fetch-wait-max", failure.Key);
    }

    [Fact]
    public void Other_named_blocks_are_not_read_for_a_consumer()
    {
        var config = ConfigurationFactory.ParseString("sluice.consumers.broken.queued-max-messages = 0\nsluice.consumers.orders.group-id = o");

        Assert.Equal("o", ConsumerSettings.Create(config, "orders").GroupId);
        Assert.Throws<SettingsException>(() => ConsumerSettings.Create(config, "broken"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("orders.eu")]
    [InlineData("orders eu")]
    [InlineData("\"orders\"")]
    [InlineData("orders$")]
    public void A_name_that_is_not_a_plain_hocon_key_is_refused(string name)
    {
        Assert.False(ConsumerSettings.IsValidName(name));
        var failure = Assert.Throws<ArgumentException>(() => ConsumerSettings.Create(Config.Empty, name));
        Assert.Equal("name", failure.ParamName);
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("orders-eu_2")]
    [InlineData("42")]
    public void Letters_digits_dashes_and_underscores_make_a_name(string name)
    {
        var config = ConfigurationFactory.ParseString($"sluice.consumers.\"{name}\".group-id = g-{name}");

        Assert.True(ConsumerSettings.IsValidName(name));
        Assert.Equal($"g-{name}", ConsumerSettings.Create(config, name).GroupId);
    }

    [Fact]
    public void Named_settings_come_from_the_actor_systems_configuration()
    {
        using var system = ActorSystem.Create("named-settings", "sluice.consumers.orders.group-id = from-system");

        Assert.Equal("from-system", ConsumerSettings.Create(system, "orders").GroupId);
        Assert.Equal(ConsumerSettings.Default.GroupId, ConsumerSettings.Create(system).GroupId);
    }
}
