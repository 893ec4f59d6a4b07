namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="MetadataRequest"/>.</summary>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v3+).</param>
/// <param name="Brokers">Every live broker.</param>
/// <param name="ClusterId">The cluster id (v2+), or null.</param>
/// <param name="ControllerId">The controller's node id (v1+), or -1.</param>
/// <param name="Topics">The topics asked for, each with its own error.</param>
/// <param name="Error">A request-level error (v13+).</param>
public sealed record MetadataResponse(
    int ThrottleTimeMs,
    IReadOnlyList<MetadataBroker> Brokers,
    string? ClusterId,
    int ControllerId,
    IReadOnlyList<MetadataTopic> Topics,
    ErrorCode Error);
