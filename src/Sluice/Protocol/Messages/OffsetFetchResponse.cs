namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="OffsetFetchRequest"/> for its one group, whatever the version.</summary>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v3+).</param>
/// <param name="Error">
/// The group-level error: top level in v2-v7, the group's own from v8; v0-v1 have none, so it is the first partition
/// error that is not about the partition itself (a coordinator or authorization error the broker put on every partition).
/// </param>
/// <param name="Topics">The committed offsets per topic and partition.</param>
public sealed record OffsetFetchResponse(int ThrottleTimeMs, ErrorCode Error, IReadOnlyList<OffsetFetchTopicResponse> Topics);
