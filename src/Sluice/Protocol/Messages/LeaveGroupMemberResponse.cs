namespace Sluice.Protocol.Messages;

/// <summary>The outcome for one leaving member in a batched <see cref="LeaveGroupResponse"/> (v3+).</summary>
/// <param name="MemberId">The member's id.</param>
/// <param name="GroupInstanceId">The member's static instance id, or null.</param>
/// <param name="Error">None when the member left.</param>
public sealed record LeaveGroupMemberResponse(string MemberId, string? GroupInstanceId, ErrorCode Error);
