using Sluice.Group.Assignors;

namespace Sluice.Group;

/// <summary>Turns strategy names into assignors: the built-in ones, and custom ones offered by name.</summary>
public static class AssignmentStrategies
{
    /// <summary>The assignors for <paramref name="names"/>, in order of preference.</summary>
    /// <exception cref="ArgumentException">A name is neither built in nor among <paramref name="custom"/>.</exception>
    public static IReadOnlyList<IPartitionAssignor> Resolve(IReadOnlyList<string> names, IEnumerable<IPartitionAssignor>? custom = null)
    {
        var byName = (custom ?? []).ToDictionary(a => a.Name, StringComparer.Ordinal);
        return names.Select(name => byName.TryGetValue(name, out var own) ? own : BuiltIn(name)).ToList();
    }

    private static IPartitionAssignor BuiltIn(string name) => name switch
    {
        "range" => new RangeAssignor(),
        "roundrobin" => new RoundRobinAssignor(),
        "sticky" => new StickyAssignor(),
        "cooperative-sticky" => new CooperativeStickyAssignor(),
        _ => throw new ArgumentException($"Unknown assignment strategy '{name}': use range, roundrobin, sticky, cooperative-sticky, or an assignor of that name registered with PartitionAssignors.For(system) or passed to ManagedBalancedConsumer.CreateAsync.", nameof(name)),
    };
}
