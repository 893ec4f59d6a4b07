using Akka.Configuration;
using Akka.Hosting;
using Sluice.Fetch;
using Xunit;

namespace Sluice.Hosting.Tests;

/// <summary>A host whose own HOCON sets the shared <c>sluice.consumer</c> block, and a named consumer that sets only its group.</summary>
public sealed class SharedConsumerBlockTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(SharedConsumerBlockTests), output)
{
    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder
        .AddHocon(ConfigurationFactory.ParseString("sluice.consumer { bootstrap-servers = \"shared:9092\", auto-offset-reset = latest, topics = [shared] }"), HoconAddMode.Prepend)
        .WithSluiceConsumer<Orders>("orders", options => options.GroupId = "order-processing");

    [Fact]
    public async Task A_named_consumer_takes_what_it_does_not_set_from_the_shared_consumer_block_of_the_application()
    {
        var registration = await ActorRegistry.GetSluiceConsumerAsync<Orders>(TestContext.Current.CancellationToken);

        Assert.Equal("shared:9092", registration.Consumer.BootstrapServers);
        Assert.Equal(OffsetReset.Latest, registration.Consumer.AutoOffsetReset);
        Assert.Equal(["shared"], registration.Consumer.Topics);
        Assert.Equal("order-processing", registration.Consumer.GroupId);
    }
}
