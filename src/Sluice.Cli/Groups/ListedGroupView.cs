namespace Sluice.Cli.Groups;

/// <summary>One group as a broker lists it.</summary>
/// <param name="GroupId">The group.</param>
/// <param name="ProtocolType">"consumer" for consumer groups, empty for groups that only commit offsets.</param>
/// <param name="State">The group's state (ListGroups v4+, Kafka 2.6+), or null when the broker does not say.</param>
/// <param name="Coordinator">The id of the broker that listed it: its coordinator.</param>
internal sealed record ListedGroupView(string GroupId, string ProtocolType, string? State, int Coordinator);
