namespace Sluice.Group;

/// <summary>Which of the two connections to the coordinator a request travels on.</summary>
public enum CoordinatorLane
{
    /// <summary>JoinGroup and SyncGroup, which the coordinator may hold for the whole rebalance timeout.</summary>
    Group,

    /// <summary>Heartbeat, OffsetCommit, OffsetFetch and LeaveGroup, which must never wait behind a join.</summary>
    Control,
}
