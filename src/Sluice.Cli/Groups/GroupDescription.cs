using Sluice.Cluster;

namespace Sluice.Cli.Groups;

/// <summary>A group as its coordinator describes it, with committed offsets and lag per partition.</summary>
/// <param name="GroupId">The group.</param>
/// <param name="State">Stable, PreparingRebalance, CompletingRebalance (AwaitingSync before Kafka 2.0), Empty or Dead.</param>
/// <param name="ProtocolType">"consumer" for consumer groups.</param>
/// <param name="Protocol">The assignor the group chose, empty when it has no members.</param>
/// <param name="Coordinator">The coordinating broker.</param>
/// <param name="Members">The members, with what they hold.</param>
/// <param name="Partitions">Every partition the group has committed offsets for or assigned.</param>
internal sealed record GroupDescription(
    string GroupId,
    string State,
    string ProtocolType,
    string Protocol,
    BrokerNode Coordinator,
    IReadOnlyList<GroupMemberView> Members,
    IReadOnlyList<PartitionLagView> Partitions)
{
    /// <summary>The sum of the known lags.</summary>
    public long TotalLag => Partitions.Sum(p => p.Lag ?? 0);
}
