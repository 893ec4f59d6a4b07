namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="HeartbeatRequest"/>.</summary>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v1+).</param>
/// <param name="Error">None while the generation is current; RebalanceInProgress asks the member to rejoin.</param>
public sealed record HeartbeatResponse(int ThrottleTimeMs, ErrorCode Error);
