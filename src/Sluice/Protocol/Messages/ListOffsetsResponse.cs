namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="ListOffsetsRequest"/>.</summary>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v2+).</param>
/// <param name="Topics">The topics asked about, each with one offset per partition.</param>
public sealed record ListOffsetsResponse(int ThrottleTimeMs, IReadOnlyList<ListOffsetsTopicResponse> Topics);
