namespace Sluice.Protocol.Messages;

/// <summary>One member of the group, as only the leader receives them in <see cref="JoinGroupResponse"/>.</summary>
/// <param name="MemberId">The member's id.</param>
/// <param name="GroupInstanceId">The member's static instance id (v5+, KIP-345), or null.</param>
/// <param name="Metadata">The member's metadata for the protocol the broker chose.</param>
public sealed record JoinGroupMember(string MemberId, string? GroupInstanceId, byte[] Metadata);
