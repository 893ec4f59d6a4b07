using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Settings;
using Xunit;

namespace Sluice.Hosting.Tests;

/// <summary>Invalid options and names are refused when the builder method is called, before any host starts.</summary>
public sealed class ConfigurationFailureTests
{
    private static AkkaConfigurationBuilder NewBuilder() => new(new ServiceCollection(), "invalid");

    [Fact]
    public void An_invalid_option_fails_at_configuration_naming_its_key_under_the_consumers_name()
    {
        var failure = Assert.Throws<SettingsException>(() => NewBuilder().WithSluiceConsumer<Orders>("orders", options => options.QueuedMaxMessages = 0));

        Assert.Equal("sluice.consumers.orders.queued-max-messages", failure.Key);
        Assert.Contains("1 or more", failure.Message);
    }

    [Fact]
    public void An_invalid_committer_option_fails_at_configuration_naming_its_key()
    {
        var failure = Assert.Throws<SettingsException>(() => NewBuilder().WithSluiceCommitter(committer => committer.Parallelism = 0));

        Assert.Equal("sluice.committer.parallelism", failure.Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("orders.eu")]
    [InlineData("orders eu")]
    [InlineData("orders\"")]
    public void A_consumer_name_that_is_not_a_plain_hocon_key_is_refused(string name)
    {
        var failure = Assert.Throws<ArgumentException>(() => NewBuilder().WithSluiceConsumer<Orders>(name, "kafka:9092", "g", "t"));

        Assert.Equal("name", failure.ParamName);
    }
}
