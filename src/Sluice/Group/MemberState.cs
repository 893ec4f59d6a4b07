namespace Sluice.Group;

/// <summary>Where a group member is in its life (the supervisor's state machine).</summary>
public enum MemberState
{
    /// <summary>Created, not started.</summary>
    Idle,

    /// <summary>Looking up the group's coordinator.</summary>
    Discovering,

    /// <summary>Waiting for JoinGroup: every member must rejoin before the coordinator answers.</summary>
    Joining,

    /// <summary>Waiting for SyncGroup to hand out the assignment.</summary>
    Syncing,

    /// <summary>Reading the assigned partitions and heartbeating.</summary>
    Stable,

    /// <summary>Giving up partitions (stop fetching, drop buffers, commit) before rejoining.</summary>
    Rebalancing,

    /// <summary>Committing, leaving the group and closing connections.</summary>
    Stopping,

    /// <summary>Stopped; the member holds nothing.</summary>
    Stopped,

    /// <summary>The group could not be joined, or refused the member for good; see the error.</summary>
    Failed,
}
