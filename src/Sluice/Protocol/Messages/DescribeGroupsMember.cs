namespace Sluice.Protocol.Messages;

/// <summary>One member of a described group; metadata and assignment are filled only while the group is Stable.</summary>
/// <param name="MemberId">The member's id.</param>
/// <param name="GroupInstanceId">The member's static instance id (v4+), or null.</param>
/// <param name="ClientId">The client id the member connected with.</param>
/// <param name="ClientHost">The host the member connected from.</param>
/// <param name="MemberMetadata">The member's metadata for the group's protocol.</param>
/// <param name="MemberAssignment">The member's current assignment.</param>
public sealed record DescribeGroupsMember(
    string MemberId,
    string? GroupInstanceId,
    string ClientId,
    string ClientHost,
    byte[] MemberMetadata,
    byte[] MemberAssignment);
