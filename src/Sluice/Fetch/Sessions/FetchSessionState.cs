namespace Sluice.Fetch.Sessions;

/// <summary>Where a <see cref="FetchSession"/> stands with its broker (KIP-227).</summary>
public enum FetchSessionState
{
    /// <summary>No session: the next fetch is a full one that asks for a session (id 0, epoch 0).</summary>
    None,

    /// <summary>A session is open: the next fetch is incremental (its id, epoch 1, 2, …).</summary>
    Active,

    /// <summary>
    /// The broker keeps no sessions: it answered a session request with id 0, or it is older than Fetch v7.
    /// Every fetch is full and sessionless (id 0, epoch -1).
    /// </summary>
    Sessionless,
}
