using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sluice.Settings;
using Xunit;

namespace Sluice.Hosting.Tests;

/// <summary>
/// Configurations that must keep the host from starting. The TestKit base fails a test whose host does not start,
/// so these build the generic host themselves and expect its start to throw.
/// </summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task An_invalid_option_stops_the_actor_system_from_starting()
    {
        var failure = await StartFailsAsync<SettingsException>(akka => akka
            .WithSluiceConsumer<Orders>("orders", "kafka:9092", "order-processing", "orders")
            .WithSluiceConsumer<Audit>("audit", options => options.Connection.MaxInFlightRequests = 0));

        Assert.Equal("sluice.consumers.audit.connection.max-in-flight-requests", failure.Key);
    }

    [Fact]
    public async Task A_misspelt_key_in_the_applications_own_hocon_stops_the_actor_system_from_starting()
    {
        var failure = await StartFailsAsync<SettingsException>(akka => akka
            .AddHocon(ConfigurationFactory.ParseString("sluice.consumer.auto-ofset-reset = latest"), HoconAddMode.Prepend)
            .WithSluiceConsumer<Orders>("orders", "kafka:9092", "order-processing", "orders"));

        Assert.Equal("sluice.consumer.auto-ofset-reset", failure.Key);
        Assert.Contains("did you mean sluice.consumer.auto-offset-reset?", failure.Message);
    }

    private static async Task<T> StartFailsAsync<T>(Action<AkkaConfigurationBuilder> configure)
        where T : Exception
    {
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("startup-failure", (akka, _) => configure(akka)))
            .Build();

        return await Assert.ThrowsAsync<T>(() => host.StartAsync(TestContext.Current.CancellationToken));
    }
}
