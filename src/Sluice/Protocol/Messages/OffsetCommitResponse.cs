namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="OffsetCommitRequest"/>; group errors come back on every partition.</summary>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v3+).</param>
/// <param name="Topics">The outcome per topic and partition.</param>
public sealed record OffsetCommitResponse(int ThrottleTimeMs, IReadOnlyList<OffsetCommitTopicResponse> Topics);
