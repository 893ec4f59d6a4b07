using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Network;
using Sluice.Settings;
using Sluice.Tests.Settings;
using Xunit;

namespace Sluice.Hosting.Tests;

/// <summary>A host with one named consumer that sets some options of its own and leaves the rest to the defaults.</summary>
public sealed class NamedConsumerTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(NamedConsumerTests), output)
{
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) =>
        builder.WithSluiceConsumer<Orders>("orders", options =>
        {
            options.BootstrapServers = "kafka-1:9092,kafka-2:9092";
            options.GroupId = "order-processing";
            options.Topics = ["orders"];
            options.QueuedMaxMessages = 300;
            options.Connection.RequestTimeout = TimeSpan.FromSeconds(12);
        });

    [Fact]
    public async Task Named_consumer_is_resolvable_from_the_registry_with_its_own_values_and_the_reference_defaults()
    {
        var registration = await ActorRegistry.GetSluiceConsumerAsync<Orders>(TestContext.Current.CancellationToken);

        Assert.Equal("orders", registration.Name);
        Assert.Equal("kafka-1:9092,kafka-2:9092", registration.Consumer.BootstrapServers);
        Assert.Equal("order-processing", registration.Consumer.GroupId);
        Assert.Equal(["orders"], registration.Consumer.Topics);
        Assert.Equal(300, registration.Consumer.QueuedMaxMessages);
        Assert.Equal(TimeSpan.FromSeconds(12), registration.Consumer.Connection.RequestTimeout);
        Assert.Equal(ConsumerSettings.Default.HeartbeatInterval, registration.Consumer.HeartbeatInterval);
        Assert.Equal(ConsumerSettings.Default.MaxPollRecords, registration.Consumer.MaxPollRecords);
        Assert.Equal(ConnectionSettings.Default.ConnectTimeout, registration.Consumer.Connection.ConnectTimeout);
        SettingsAssert.SameValues(CommitterSettings.Default, registration.Committer);
    }

    [Fact]
    public async Task A_consumer_is_resolvable_through_the_required_actor_injected_for_its_key()
    {
        var required = Host.Services.GetRequiredService<IRequiredActor<Orders>>();

        var registration = await required.GetSluiceConsumerAsync(TestContext.Current.CancellationToken);

        Assert.Equal("order-processing", registration.Consumer.GroupId);
    }

    [Fact]
    public async Task The_registration_answers_whoever_asks_with_the_same_settings()
    {
        var actor = await ActorRegistry.GetAsync<Orders>(TestContext.Current.CancellationToken);

        var first = await actor.Ask<SluiceConsumerRegistration.Settings>(SluiceConsumerRegistration.GetSettings.Instance, TestContext.Current.CancellationToken);
        var second = await ActorRegistry.GetSluiceConsumerAsync<Orders>(TestContext.Current.CancellationToken);

        Assert.Same(first.Consumer, second.Consumer);
        Assert.Same(first.Committer, second.Committer);
    }
}
