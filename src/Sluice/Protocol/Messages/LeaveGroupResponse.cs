namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="LeaveGroupRequest"/>.</summary>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v1+).</param>
/// <param name="Error">The request-level error.</param>
/// <param name="Members">Per-member outcomes (v3+); empty before.</param>
public sealed record LeaveGroupResponse(int ThrottleTimeMs, ErrorCode Error, IReadOnlyList<LeaveGroupMemberResponse> Members)
{
    /// <summary>
    /// Whether the one member left, whatever the version: the request-level error, else the first member error
    /// (v3+ answers a known group with a top-level None and puts UnknownMemberId and the like per member).
    /// </summary>
    public ErrorCode Outcome
    {
        get
        {
            if (Error != ErrorCode.None)
                return Error;
            foreach (var member in Members)
            {
                if (member.Error != ErrorCode.None)
                    return member.Error;
            }

            return ErrorCode.None;
        }
    }
}
