namespace Sluice.Protocol.Messages;

/// <summary>One broker in a <see cref="MetadataResponse"/>.</summary>
public sealed record MetadataBroker(int NodeId, string Host, int Port, string? Rack);
