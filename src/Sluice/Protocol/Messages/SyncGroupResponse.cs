namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="SyncGroupRequest"/>.</summary>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v1+).</param>
/// <param name="Error">None when the assignment came back.</param>
/// <param name="ProtocolType">The group's protocol type (v5+), or null.</param>
/// <param name="ProtocolName">The group's chosen protocol (v5+), or null.</param>
/// <param name="Assignment">This member's assignment; empty on an error.</param>
public sealed record SyncGroupResponse(int ThrottleTimeMs, ErrorCode Error, string? ProtocolType, string? ProtocolName, byte[] Assignment);
