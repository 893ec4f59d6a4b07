using Akka.Hosting;
using Sluice.Group;
using Sluice.Group.Assignors;
using Xunit;

namespace Sluice.Hosting.Tests;

/// <summary>An application that offers its own assignment strategy to every member of the actor system.</summary>
public sealed class AssignorRegistrationTests(ITestOutputHelper output) : Akka.Hosting.TestKit.TestKit(nameof(AssignorRegistrationTests), output)
{
    private static readonly IPartitionAssignor Pykafka = new RangeAssignor(PartitionOrdering.Pykafka);

    protected override void ConfigureAkka(AkkaConfigurationBuilder builder, IServiceProvider provider) => builder
        .WithSluiceAssignor(Pykafka)
        .WithSluiceConsumer<Orders>("orders", "localhost:9092", "order-processing", "orders");

    [Fact]
    public void An_assignor_registered_with_the_builder_is_offered_by_the_actor_systems_members()
    {
        Assert.Same(Pykafka, Assert.Single(PartitionAssignors.For(Sys).Registered));
    }

    [Fact]
    public void An_assignor_without_a_name_is_refused_when_the_host_is_configured()
    {
        var error = Assert.Throws<ArgumentException>(() => new AkkaConfigurationBuilder(new Microsoft.Extensions.DependencyInjection.ServiceCollection(), "x").WithSluiceAssignor(new Nameless()));

        Assert.Equal("assignor", error.ParamName);
    }

    private sealed class Nameless : IPartitionAssignor
    {
        public string Name => " ";

        public AssignmentProtocolKind Kind => AssignmentProtocolKind.Eager;

        public ReadOnlyMemory<byte> SubscriptionUserData(SubscriptionState state) => ReadOnlyMemory<byte>.Empty;

        public IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> Assign(AssignmentContext context) => throw new NotSupportedException();
    }
}
