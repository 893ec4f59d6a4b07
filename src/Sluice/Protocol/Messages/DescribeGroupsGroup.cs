namespace Sluice.Protocol.Messages;

/// <summary>One group in a <see cref="DescribeGroupsResponse"/>.</summary>
/// <param name="Error">None when the group was described; GroupIdNotFound (v6+) for an unknown group.</param>
/// <param name="ErrorMessage">The broker's explanation of <paramref name="Error"/> (v6+), or null.</param>
/// <param name="GroupId">The group's id.</param>
/// <param name="GroupState">The group's state, such as Stable, PreparingRebalance, Empty or Dead.</param>
/// <param name="ProtocolType">The group's protocol type, such as "consumer"; empty for a group without members.</param>
/// <param name="ProtocolData">The chosen protocol (assignor) name while the group is Stable.</param>
/// <param name="Members">The group's members.</param>
/// <param name="AuthorizedOperations">A bit field of the operations the client may perform (v3+, when asked), or int.MinValue.</param>
public sealed record DescribeGroupsGroup(
    ErrorCode Error,
    string? ErrorMessage,
    string GroupId,
    string GroupState,
    string ProtocolType,
    string ProtocolData,
    IReadOnlyList<DescribeGroupsMember> Members,
    int AuthorizedOperations);
