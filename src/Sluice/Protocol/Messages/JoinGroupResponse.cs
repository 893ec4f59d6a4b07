namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="JoinGroupRequest"/>.</summary>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v2+).</param>
/// <param name="Error">None when the member joined; MemberIdRequired (v4+) carries the id to join again with.</param>
/// <param name="GenerationId">The group's generation, or -1.</param>
/// <param name="ProtocolType">The group's protocol type (v7+), checked against the one sent; null before.</param>
/// <param name="ProtocolName">The protocol the broker chose; null on an error (nullable from v7).</param>
/// <param name="Leader">The leader's member id; empty when the broker sent none.</param>
/// <param name="SkipAssignment">True when a returning static leader must not run the assignor (v9+, KIP-814).</param>
/// <param name="MemberId">This member's id; empty when the broker sent none.</param>
/// <param name="Members">Every member with its metadata, sent to the leader only.</param>
public sealed record JoinGroupResponse(
    int ThrottleTimeMs,
    ErrorCode Error,
    int GenerationId,
    string? ProtocolType,
    string? ProtocolName,
    string Leader,
    bool SkipAssignment,
    string MemberId,
    IReadOnlyList<JoinGroupMember> Members)
{
    /// <summary>True when this member leads the generation and must compute the assignment.</summary>
    public bool IsLeader => MemberId.Length > 0 && string.Equals(Leader, MemberId, StringComparison.Ordinal);
}
