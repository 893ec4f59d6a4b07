namespace Sluice.Group;

/// <summary>What a coordinator's answer means for the member, as the supervisor acts on it.</summary>
internal enum GroupTrouble
{
    /// <summary>Retry the same request after a backoff (the coordinator is loading, a request timed out).</summary>
    Retry,

    /// <summary>A rebalance has started: revoke, commit, rejoin with the same member id.</summary>
    Rebalance,

    /// <summary>The generation is stale: rejoin keeping the member id.</summary>
    StaleGeneration,

    /// <summary>The coordinator forgot the member: give up the partitions without committing, rejoin with a new member id.</summary>
    MembershipLost,

    /// <summary>The coordinator moved or cannot be reached: look it up again, keeping the membership.</summary>
    CoordinatorLost,

    /// <summary>This request cannot succeed (an offset's metadata is too large), but the membership is fine.</summary>
    RequestFailed,

    /// <summary>Nothing the member can do fixes it: stop and report.</summary>
    Fatal,
}
