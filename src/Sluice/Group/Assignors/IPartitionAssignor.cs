namespace Sluice.Group.Assignors;

/// <summary>
/// A partition assignment strategy for the classic consumer-group protocol (protocol type "consumer"): pykafka's
/// membership protocol (name, metadata, decide_partitions) and Java's ConsumerPartitionAssignor in one contract.
/// Every member offers one or more assignors by <see cref="Name"/> in JoinGroup, each with its own metadata; the
/// coordinator picks a name all members share, and the elected leader runs that assignor's <see cref="Assign"/>
/// and sends the result in SyncGroup. Implementations must be pure and deterministic: the same context, in any
/// member order, gives the same assignment, whichever member happens to lead.
/// </summary>
public interface IPartitionAssignor
{
    /// <summary>The protocol name members agree on, such as "range" or "cooperative-sticky".</summary>
    string Name { get; }

    /// <summary>Whether members revoke everything before rejoining or only what moves.</summary>
    AssignmentProtocolKind Kind { get; }

    /// <summary>
    /// The user data this member sends with its subscription (Java's subscriptionUserData); empty when the
    /// assignor needs none. Called once per JoinGroup.
    /// </summary>
    ReadOnlyMemory<byte> SubscriptionUserData(SubscriptionState state);

    /// <summary>
    /// Decides the partitions of every member. The result has one entry per member of
    /// <see cref="AssignmentContext.Members"/> (possibly an empty list), each list ordered by topic then partition,
    /// and gives each partition of <see cref="AssignmentContext.Topics"/> to at most one member subscribed to its
    /// topic. An eager assignor gives out every partition some member subscribes to; a cooperative one may hold a
    /// partition back for a round while its previous owner revokes it.
    /// </summary>
    IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> Assign(AssignmentContext context);
}
