namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="ListGroupsRequest"/>.</summary>
public sealed record ListGroupsResponse(int ThrottleTimeMs, ErrorCode Error, IReadOnlyList<ListedGroup> Groups);
