namespace Sluice.Group.Assignors;

/// <summary>How members give up partitions when the group rebalances under an assignor.</summary>
public enum AssignmentProtocolKind
{
    /// <summary>Every member revokes everything before it rejoins; the new assignment starts from nothing held.</summary>
    Eager,

    /// <summary>
    /// Incremental (KIP-429): members keep what they hold while rejoining and revoke only what the new assignment
    /// takes away; a partition moving between members is handed over in a follow-up rebalance.
    /// </summary>
    Cooperative,
}
