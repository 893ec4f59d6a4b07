using Sluice.Group;
using Sluice.Group.Assignors;
using Xunit;

namespace Sluice.Tests.Group;

public sealed class PartitionAssignorsTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void A_registered_assignor_is_offered_under_its_name_and_replaces_the_built_in_one_of_that_name()
    {
        var pykafkaRange = new RangeAssignor(PartitionOrdering.Pykafka);
        var mine = new Named("mine");
        PartitionAssignors.For(Sys).Register(pykafkaRange).Register(mine);

        var offered = PartitionAssignors.For(Sys).Resolve(["mine", "range", "sticky"], own: null);

        Assert.Same(mine, offered[0]);
        Assert.Same(pykafkaRange, offered[1]);
        Assert.IsType<StickyAssignor>(offered[2]);
    }

    [Fact]
    public void An_assignor_passed_to_a_member_wins_over_the_registered_one_of_the_same_name()
    {
        var registered = new Named("mine");
        var passed = new Named("mine");
        PartitionAssignors.For(Sys).Register(registered);

        var offered = PartitionAssignors.For(Sys).Resolve(["mine"], own: [passed]);

        Assert.Same(passed, Assert.Single(offered));
    }

    [Fact]
    public void Registering_a_name_again_replaces_the_earlier_assignor()
    {
        var first = new Named("mine");
        var second = new Named("mine");

        PartitionAssignors.For(Sys).Register(first).Register(second);

        Assert.Same(second, Assert.Single(PartitionAssignors.For(Sys).Registered));
    }

    [Fact]
    public async Task Each_actor_system_has_its_own_registry()
    {
        PartitionAssignors.For(Sys).Register(new Named("mine"));
        var other = Akka.Actor.ActorSystem.Create("other");
        try
        {
            Assert.Empty(PartitionAssignors.For(other).Registered);
            Assert.Throws<ArgumentException>(() => PartitionAssignors.For(other).Resolve(["mine"], own: null));
        }
        finally
        {
            await other.Terminate();
        }
    }

    [Fact]
    public void An_unknown_name_says_where_custom_assignors_come_from()
    {
        var error = Assert.Throws<ArgumentException>(() => PartitionAssignors.For(Sys).Resolve(["nonsense"], own: null));

        Assert.Contains("'nonsense'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PartitionAssignors.For(system)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_assignor_without_a_name_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PartitionAssignors.For(Sys).Register(new Named(" ")));
    }

    private sealed class Named(string name) : IPartitionAssignor
    {
        private readonly RangeAssignor _range = new();

        public string Name => name;

        public AssignmentProtocolKind Kind => AssignmentProtocolKind.Eager;

        public ReadOnlyMemory<byte> SubscriptionUserData(SubscriptionState state) => ReadOnlyMemory<byte>.Empty;

        public IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> Assign(AssignmentContext context) => _range.Assign(context);
    }
}
