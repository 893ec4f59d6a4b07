using System.Collections.Immutable;
using Akka.Actor;
using Sluice.Group.Assignors;

namespace Sluice.Group;

/// <summary>
/// Assignors of your own that every group member of an actor system can offer by name: list the name in
/// <c>assignment-strategies</c> and register the assignor here before the member starts. This is how stream
/// sources, which take no assignor parameter, get custom strategies; <c>ManagedBalancedConsumer.CreateAsync</c>'s
/// <c>customAssignors</c> take precedence over these for that member. Registering the name of a built-in strategy
/// (range, roundrobin, sticky, cooperative-sticky) replaces it, as a custom assignor passed by parameter does.
/// </summary>
public sealed class PartitionAssignors : IExtension
{
    private ImmutableDictionary<string, IPartitionAssignor> _byName = ImmutableDictionary.Create<string, IPartitionAssignor>(StringComparer.Ordinal);

    /// <summary>The registry of <paramref name="system"/>.</summary>
    public static PartitionAssignors For(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension<PartitionAssignors, PartitionAssignorsProvider>();
    }

    /// <summary>The assignors registered now.</summary>
    public IReadOnlyCollection<IPartitionAssignor> Registered => _byName.Values.ToList();

    /// <summary>
    /// Offers <paramref name="assignor"/> under its name to members started from now on, replacing one registered
    /// under the same name. Members already running keep the assignors they started with.
    /// </summary>
    /// <exception cref="ArgumentException">The assignor's name is blank.</exception>
    public PartitionAssignors Register(IPartitionAssignor assignor)
    {
        RequireName(assignor);
        ImmutableInterlocked.AddOrUpdate(ref _byName, assignor.Name, assignor, (_, _) => assignor);
        return this;
    }

    /// <summary>Refuses a null assignor or one without a name (the protocol name members agree on).</summary>
    /// <exception cref="ArgumentException">The assignor's name is blank.</exception>
    internal static void RequireName(IPartitionAssignor assignor)
    {
        ArgumentNullException.ThrowIfNull(assignor);
        if (string.IsNullOrWhiteSpace(assignor.Name))
            throw new ArgumentException("An assignor needs a name: it is the protocol name members agree on.", nameof(assignor));
    }

    /// <summary>
    /// The assignors a member offers for <paramref name="names"/>: <paramref name="own"/> first, then the
    /// registered ones, then the built-in ones.
    /// </summary>
    internal IReadOnlyList<IPartitionAssignor> Resolve(IReadOnlyList<string> names, IEnumerable<IPartitionAssignor>? own)
    {
        var custom = _byName;
        foreach (var assignor in own ?? [])
            custom = custom.SetItem(assignor.Name, assignor);
        return AssignmentStrategies.Resolve(names, custom.Values);
    }

    private sealed class PartitionAssignorsProvider : ExtensionIdProvider<PartitionAssignors>
    {
        public override PartitionAssignors CreateExtension(ExtendedActorSystem system) => new();
    }
}
