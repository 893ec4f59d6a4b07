namespace Sluice.Group;

/// <summary>What a member does about a coordinator's answer (see <see cref="GroupErrorClassifier"/>).</summary>
public enum GroupErrorAction
{
    /// <summary>No error: go on (JoinGroup to SyncGroup, apply the assignment, the commit is done).</summary>
    Proceed,

    /// <summary>A passing failure (the coordinator is loading, a timeout): send the same request again after a backoff.</summary>
    RetryAfterBackoff,

    /// <summary>The coordinator moved or is down: mark it unknown, find it again (FindCoordinator), then retry; the membership is kept.</summary>
    RediscoverCoordinator,

    /// <summary>The group is rebalancing: JoinGroup again with the same member id and generation.</summary>
    Rejoin,

    /// <summary>The generation is no longer valid (ILLEGAL_GENERATION): reset the generation to -1, keep the member id, JoinGroup again. A commit fails.</summary>
    RejoinKeepMemberId,

    /// <summary>The coordinator does not know the member (UNKNOWN_MEMBER_ID): its partitions are lost; reset member id and generation, JoinGroup at once. A commit fails.</summary>
    ResetMemberIdAndRejoin,

    /// <summary>MEMBER_ID_REQUIRED (JoinGroup v4+, KIP-394): take the member id from the answer and JoinGroup again at once, without backoff.</summary>
    RejoinWithReturnedMemberId,

    /// <summary>
    /// A commit met a rebalance (or was sent under a generation that has since moved on): this commit fails with
    /// "rebalance in progress", the member rejoins without resetting anything, and the caller may commit again after.
    /// </summary>
    RejoinNoCommit,

    /// <summary>The answer belongs to a request sent under an older generation: drop it.</summary>
    Ignore,

    /// <summary>This request cannot succeed (an oversized commit, a leave that is refused); the member itself carries on.</summary>
    FailRequest,

    /// <summary>Nothing the member can do fixes it (no authorization, fenced by another instance, a bad configuration): stop and report the reason.</summary>
    Fatal,
}
