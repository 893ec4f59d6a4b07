namespace Sluice.Protocol.Messages;

/// <summary>Where a leader named by <see cref="FetchCurrentLeader"/> listens (Fetch v16+ tag 0, KIP-951).</summary>
public sealed record FetchNodeEndpoint(int NodeId, string Host, int Port, string? Rack);
