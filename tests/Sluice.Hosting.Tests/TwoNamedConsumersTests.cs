using Akka.Hosting;
using Xunit;

namespace Sluice.Hosting.Tests;

/// <summary>A host with two named consumers, each in its own group, registered under different keys.</summary>
public sealed class TwoNamedConsumersTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(TwoNamedConsumersTests), output)
{
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder
        .WithSluiceConsumer<Orders>("orders", "kafka:9092", "order-processing", "orders")
        .WithSluiceConsumer<Audit>("audit", "kafka:9092", "audit-trail", "orders", "refunds");

    [Fact]
    public async Task Two_named_consumers_register_under_their_own_keys_with_their_own_groups()
    {
        var orders = await ActorRegistry.GetSluiceConsumerAsync<Orders>(TestContext.Current.CancellationToken);
        var audit = await ActorRegistry.GetSluiceConsumerAsync<Audit>(TestContext.Current.CancellationToken);

        Assert.Equal(("orders", "order-processing"), (orders.Name, orders.Consumer.GroupId));
        Assert.Equal(("audit", "audit-trail"), (audit.Name, audit.Consumer.GroupId));
        Assert.Equal(["orders"], orders.Consumer.Topics);
        Assert.Equal(["orders", "refunds"], audit.Consumer.Topics);
        Assert.NotEqual(ActorRegistry.Get<Orders>(), ActorRegistry.Get<Audit>());
    }
}
