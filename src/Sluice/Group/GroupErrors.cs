using Sluice.Protocol;

namespace Sluice.Group;

/// <summary>
/// What each coordinator error means to the member's actors, per request (protocol.md §4.4, as the Java
/// coordinator acts). Codes not named here, including ones newer than Sluice, are retried after a backoff:
/// an unknown answer never crashes a worker.
/// </summary>
internal static class GroupErrors
{
    /// <summary>The action for a Heartbeat error; null when there is nothing to do.</summary>
    public static GroupTrouble? ForHeartbeat(ErrorCode error) => error switch
    {
        ErrorCode.None => null,
        ErrorCode.RebalanceInProgress => GroupTrouble.Rebalance,
        ErrorCode.IllegalGeneration => GroupTrouble.StaleGeneration,
        ErrorCode.UnknownMemberId => GroupTrouble.MembershipLost,
        ErrorCode.NotCoordinator or ErrorCode.CoordinatorNotAvailable => GroupTrouble.CoordinatorLost,
        ErrorCode.FencedInstanceId or ErrorCode.GroupAuthorizationFailed => GroupTrouble.Fatal,
        _ => null,
    };

    /// <summary>The action for a JoinGroup or SyncGroup error (MEMBER_ID_REQUIRED is handled by the caller).</summary>
    public static GroupTrouble ForJoinOrSync(ErrorCode error) => error switch
    {
        ErrorCode.CoordinatorLoadInProgress or ErrorCode.RebalanceInProgress or ErrorCode.RequestTimedOut
            or ErrorCode.NetworkException => GroupTrouble.Retry,
        ErrorCode.IllegalGeneration => GroupTrouble.StaleGeneration,
        ErrorCode.UnknownMemberId => GroupTrouble.MembershipLost,
        ErrorCode.NotCoordinator or ErrorCode.CoordinatorNotAvailable => GroupTrouble.CoordinatorLost,
        ErrorCode.InconsistentGroupProtocol or ErrorCode.InvalidSessionTimeout or ErrorCode.InvalidGroupId
            or ErrorCode.GroupAuthorizationFailed or ErrorCode.GroupMaxSizeReached or ErrorCode.FencedInstanceId
            or ErrorCode.UnsupportedVersion => GroupTrouble.Fatal,
        _ => GroupTrouble.Retry,
    };

    /// <summary>The action for an OffsetCommit error (partition or request level).</summary>
    public static GroupTrouble ForCommit(ErrorCode error) => error switch
    {
        ErrorCode.RebalanceInProgress => GroupTrouble.Rebalance,
        ErrorCode.IllegalGeneration => GroupTrouble.StaleGeneration,
        ErrorCode.UnknownMemberId => GroupTrouble.MembershipLost,
        ErrorCode.NotCoordinator or ErrorCode.CoordinatorNotAvailable or ErrorCode.RequestTimedOut => GroupTrouble.CoordinatorLost,
        ErrorCode.OffsetMetadataTooLarge or ErrorCode.InvalidCommitOffsetSize or ErrorCode.TopicAuthorizationFailed
            or ErrorCode.GroupAuthorizationFailed or ErrorCode.FencedInstanceId => GroupTrouble.Fatal,
        _ => GroupTrouble.Retry,
    };

    /// <summary>The action for an OffsetFetch error (partition or request level).</summary>
    public static GroupTrouble ForOffsetFetch(ErrorCode error) => error switch
    {
        ErrorCode.NotCoordinator or ErrorCode.CoordinatorNotAvailable => GroupTrouble.CoordinatorLost,
        ErrorCode.GroupAuthorizationFailed or ErrorCode.TopicAuthorizationFailed => GroupTrouble.Fatal,
        _ => GroupTrouble.Retry,
    };
}
