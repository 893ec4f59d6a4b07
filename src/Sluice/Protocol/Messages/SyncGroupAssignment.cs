namespace Sluice.Protocol.Messages;

/// <summary>The assignment the leader computed for one member, sent in <see cref="SyncGroupRequest"/>.</summary>
/// <param name="MemberId">The member the assignment is for.</param>
/// <param name="Assignment">The member's assignment, opaque to the broker.</param>
public sealed record SyncGroupAssignment(string MemberId, byte[] Assignment);
