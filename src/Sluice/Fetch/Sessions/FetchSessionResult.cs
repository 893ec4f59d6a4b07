using Sluice.Protocol;

namespace Sluice.Fetch.Sessions;

/// <summary>What a Fetch response meant for its session.</summary>
/// <param name="Error">The response's top-level error.</param>
/// <param name="SessionReset">
/// True when the session was dropped (a session error, a top-level error, or the broker closed it): the next
/// fetch is full. On FETCH_SESSION_TOPIC_ID_ERROR the caller should also refresh its metadata.
/// </param>
/// <param name="Answered">
/// The partitions the response carries that the fetcher still wants. An incremental response lists only
/// partitions with news: the others keep their positions and are not in this list.
/// </param>
public sealed record FetchSessionResult(ErrorCode Error, bool SessionReset, IReadOnlyList<AnsweredPartition> Answered);
