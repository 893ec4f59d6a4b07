using Akka.Hosting;
using Sluice.Settings;
using Xunit;

namespace Sluice.Hosting.Tests;

/// <summary>A host that sets committer options and registers two consumers.</summary>
public sealed class CommitterOptionsTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(CommitterOptionsTests), output)
{
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder
        .WithSluiceCommitter(committer =>
        {
            committer.MaxBatch = 250;
            committer.MaxInterval = TimeSpan.FromMilliseconds(1500);
        })
        .WithSluiceConsumer<Orders>("orders", "kafka:9092", "order-processing", "orders")
        .WithSluiceConsumer<Audit>("audit", "kafka:9092", "audit-trail", "orders");

    [Fact]
    public async Task Committer_options_reach_the_committer_settings_of_every_consumer_and_of_the_actor_system()
    {
        var orders = await ActorRegistry.GetSluiceConsumerAsync<Orders>(TestContext.Current.CancellationToken);
        var audit = await ActorRegistry.GetSluiceConsumerAsync<Audit>(TestContext.Current.CancellationToken);

        Assert.All([orders.Committer, audit.Committer, CommitterSettings.Create(Sys)], committer =>
        {
            Assert.Equal(250, committer.MaxBatch);
            Assert.Equal(TimeSpan.FromMilliseconds(1500), committer.MaxInterval);
            Assert.Equal(CommitterSettings.Default.Parallelism, committer.Parallelism);
        });
    }
}
