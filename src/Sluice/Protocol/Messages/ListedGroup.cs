namespace Sluice.Protocol.Messages;

/// <summary>One group in a <see cref="ListGroupsResponse"/>; state (v4+) and type (v5+) are null before.</summary>
public sealed record ListedGroup(string GroupId, string ProtocolType, string? State, string? Type);
