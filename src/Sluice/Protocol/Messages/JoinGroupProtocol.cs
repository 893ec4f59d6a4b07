namespace Sluice.Protocol.Messages;

/// <summary>One protocol (assignor) a member offers in <see cref="JoinGroupRequest"/>, in preference order.</summary>
/// <param name="Name">The protocol name, such as "range" or "cooperative-sticky".</param>
/// <param name="Metadata">The member's subscription for this protocol, opaque to the broker.</param>
public sealed record JoinGroupProtocol(string Name, byte[] Metadata);
