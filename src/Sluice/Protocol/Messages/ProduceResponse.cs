namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="ProduceRequest"/> (never sent when acks = 0).</summary>
/// <param name="Topics">Each topic of the request with its partitions' outcomes.</param>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v1+).</param>
public sealed record ProduceResponse(IReadOnlyList<ProduceTopicResponse> Topics, int ThrottleTimeMs);
