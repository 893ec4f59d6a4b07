namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="FetchRequest"/>.</summary>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v1+).</param>
/// <param name="Error">A request-level error (v7+): on a real broker only fetch-session errors; the librdkafka mock copies injected partition errors here too.</param>
/// <param name="SessionId">The fetch session id (v7+), or 0 when the fetch is not part of a session.</param>
/// <param name="Topics">The topics answered; in an incremental fetch only partitions with news.</param>
/// <param name="NodeEndpoints">Endpoints of the leaders the partitions' <see cref="FetchCurrentLeader"/> name (v16+).</param>
public sealed record FetchResponse(
    int ThrottleTimeMs,
    ErrorCode Error,
    int SessionId,
    IReadOnlyList<FetchTopicResponse> Topics,
    IReadOnlyList<FetchNodeEndpoint> NodeEndpoints);
