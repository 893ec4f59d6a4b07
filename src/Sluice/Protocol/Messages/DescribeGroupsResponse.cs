namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="DescribeGroupsRequest"/>.</summary>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v1+).</param>
/// <param name="Groups">One entry per group asked about, each with its own error.</param>
public sealed record DescribeGroupsResponse(int ThrottleTimeMs, IReadOnlyList<DescribeGroupsGroup> Groups);
