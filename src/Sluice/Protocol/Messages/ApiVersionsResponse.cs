namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="ApiVersionsRequest"/>.</summary>
/// <param name="Error">None, or UnsupportedVersion when the broker wants an older ApiVersions request.</param>
/// <param name="ApiKeys">Each request type the broker accepts and its versions.</param>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v1+).</param>
public sealed record ApiVersionsResponse(ErrorCode Error, IReadOnlyList<ApiVersionRange> ApiKeys, int ThrottleTimeMs);
