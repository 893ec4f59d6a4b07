namespace Sluice.Protocol.Messages;

/// <summary>The coordinator found for one key, the same shape whatever version the broker answered.</summary>
/// <param name="Key">The key looked up: as sent back from v4 on, the request's only key before.</param>
/// <param name="Error">None when the coordinator was found.</param>
/// <param name="ErrorMessage">The broker's explanation of <paramref name="Error"/> (v1+), or null.</param>
/// <param name="NodeId">The coordinator's node id; -1 on an error.</param>
/// <param name="Host">The coordinator's host; empty on an error.</param>
/// <param name="Port">The coordinator's port; -1 on an error.</param>
public sealed record FindCoordinatorResult(string Key, ErrorCode Error, string? ErrorMessage, int NodeId, string Host, int Port);
