using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Fetch;
using Sluice.Hosting;
using Sluice.Network;
using Sluice.Settings;
using Sluice.Tests.Settings;
using Xunit;

namespace Sluice.Tests.Hosting;

public sealed class SluiceConsumerHostingTests
{
    private sealed class Orders;

    private sealed class Audit;

    [Fact]
    public async Task Named_consumer_is_resolvable_from_the_registry_with_its_own_group()
    {
        await using var host = await HostedAkka.StartAsync(akka => akka.WithSluiceConsumer<Orders>("orders", options =>
        {
            options.BootstrapServers = "kafka-1:9092,kafka-2:9092";
            options.GroupId = "order-processing";
            options.Topics = ["orders"];
            options.QueuedMaxMessages = 300;
            options.Connection.RequestTimeout = TimeSpan.FromSeconds(12);
        }));

        var registration = await host.Registry.GetSluiceConsumerAsync<Orders>();

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
    public async Task Two_named_consumers_register_under_their_own_keys_with_their_own_groups()
    {
        await using var host = await HostedAkka.StartAsync(akka => akka
            .WithSluiceConsumer<Orders>("orders", "kafka:9092", "order-processing", "orders")
            .WithSluiceConsumer<Audit>("audit", "kafka:9092", "audit-trail", "orders", "refunds"));

        var orders = await host.Registry.GetSluiceConsumerAsync<Orders>();
        var audit = await host.Registry.GetSluiceConsumerAsync<Audit>();

        Assert.Equal(("orders", "order-processing"), (orders.Name, orders.Consumer.GroupId));
        Assert.Equal(("audit", "audit-trail"), (audit.Name, audit.Consumer.GroupId));
        Assert.Equal(["orders"], orders.Consumer.Topics);
        Assert.Equal(["orders", "refunds"], audit.Consumer.Topics);
        Assert.NotEqual(host.Registry.Get<Orders>(), host.Registry.Get<Audit>());
    }

    [Fact]
    public async Task A_consumer_is_resolvable_through_the_required_actor_injected_for_its_key()
    {
        await using var host = await HostedAkka.StartAsync(akka => akka.WithSluiceConsumer<Orders>("orders", "kafka:9092", "order-processing", "orders"));

        var registration = await host.Services.GetRequiredService<IRequiredActor<Orders>>().GetSluiceConsumerAsync();

        Assert.Equal("order-processing", registration.Consumer.GroupId);
    }

    [Fact]
    public async Task A_named_consumer_takes_what_it_does_not_set_from_the_shared_consumer_block_of_the_application()
    {
        await using var host = await HostedAkka.StartAsync(akka => akka
            .AddHocon(ConfigurationFactory.ParseString("sluice.consumer { bootstrap-servers = \"shared:9092\", auto-offset-reset = latest, topics = [shared] }"), HoconAddMode.Prepend)
            .WithSluiceConsumer<Orders>("orders", options => options.GroupId = "order-processing"));

        var registration = await host.Registry.GetSluiceConsumerAsync<Orders>();

        Assert.Equal("shared:9092", registration.Consumer.BootstrapServers);
        Assert.Equal(OffsetReset.Latest, registration.Consumer.AutoOffsetReset);
        Assert.Equal(["shared"], registration.Consumer.Topics);
        Assert.Equal("order-processing", registration.Consumer.GroupId);
    }

    [Fact]
    public async Task Committer_options_reach_the_committer_settings_of_every_consumer()
    {
        await using var host = await HostedAkka.StartAsync(akka => akka
            .WithSluiceCommitter(committer =>
            {
                committer.MaxBatch = 250;
                committer.MaxInterval = TimeSpan.FromMilliseconds(1500);
            })
            .WithSluiceConsumer<Orders>("orders", "kafka:9092", "order-processing", "orders")
            .WithSluiceConsumer<Audit>("audit", "kafka:9092", "audit-trail", "orders"));

        var orders = await host.Registry.GetSluiceConsumerAsync<Orders>();
        var audit = await host.Registry.GetSluiceConsumerAsync<Audit>();

        Assert.All([orders.Committer, audit.Committer, CommitterSettings.Create(host.System)], committer =>
        {
            Assert.Equal(250, committer.MaxBatch);
            Assert.Equal(TimeSpan.FromMilliseconds(1500), committer.MaxInterval);
            Assert.Equal(CommitterSettings.Default.Parallelism, committer.Parallelism);
        });
    }

    [Fact]
    public void An_invalid_option_fails_at_configuration_naming_its_key_under_the_consumers_name()
    {
        var akka = new AkkaConfigurationBuilder(new ServiceCollection(), "invalid");

        var failure = Assert.Throws<SettingsException>(() => akka.WithSluiceConsumer<Orders>("orders", options => options.QueuedMaxMessages = 0));

        Assert.Equal("sluice.consumers.orders.queued-max-messages", failure.Key);
        Assert.Contains("1 or more", failure.Message);
    }

    [Fact]
    public async Task An_invalid_option_stops_the_actor_system_from_starting()
    {
        var failure = await Assert.ThrowsAsync<SettingsException>(() => HostedAkka.StartAsync(akka => akka
            .WithSluiceConsumer<Orders>("orders", "kafka:9092", "order-processing", "orders")
            .WithSluiceConsumer<Audit>("audit", options => options.Connection.MaxInFlightRequests = 0)));

        Assert.Equal("sluice.consumers.audit.connection.max-in-flight-requests", failure.Key);
    }

    [Fact]
    public async Task A_misspelt_key_in_the_applications_own_hocon_stops_the_actor_system_from_starting()
    {
        var failure = await Assert.ThrowsAsync<SettingsException>(() => HostedAkka.StartAsync(akka => akka
            .AddHocon(ConfigurationFactory.ParseString("sluice.consumer.auto-ofset-reset = latest"), HoconAddMode.Prepend)
            .WithSluiceConsumer<Orders>("orders", "kafka:9092", "order-processing", "orders")));

        Assert.Equal("sluice.consumer.auto-ofset-reset", failure.Key);
        Assert.Contains("did you mean sluice.consumer.auto-offset-reset?", failure.Message);
    }

    [Fact]
    public void An_invalid_committer_option_fails_at_configuration_naming_its_key()
    {
        var akka = new AkkaConfigurationBuilder(new ServiceCollection(), "invalid");

        var failure = Assert.Throws<SettingsException>(() => akka.WithSluiceCommitter(committer => committer.Parallelism = 0));

        Assert.Equal("sluice.committer.parallelism", failure.Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("orders.eu")]
    [InlineData("orders eu")]
    [InlineData("orders\"")]
    public void A_consumer_name_that_is_not_a_plain_hocon_key_is_refused(string name)
    {
        var akka = new AkkaConfigurationBuilder(new ServiceCollection(), "invalid");

        var failure = Assert.Throws<ArgumentException>(() => akka.WithSluiceConsumer<Orders>(name, "kafka:9092", "g", "t"));

        Assert.Equal("name", failure.ParamName);
    }

    [Fact]
    public async Task The_registration_answers_whoever_asks_with_the_same_settings()
    {
        await using var host = await HostedAkka.StartAsync(akka => akka.WithSluiceConsumer<Orders>("orders", "kafka:9092", "order-processing", "orders"));
        var actor = await host.Registry.GetAsync<Orders>();

        var first = await actor.Ask<SluiceConsumerRegistration.Settings>(SluiceConsumerRegistration.GetSettings.Instance, TimeSpan.FromSeconds(5));
        var second = await host.Registry.GetSluiceConsumerAsync<Orders>();

        Assert.Same(first.Consumer, second.Consumer);
    }
}
