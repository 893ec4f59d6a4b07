using Sluice.Protocol.Consumer;

namespace Sluice.Group.Assignors;

/// <summary>
/// What a member knows about itself when it builds its JoinGroup metadata for each assignor it offers.
/// </summary>
/// <param name="Topics">The topics it consumes.</param>
/// <param name="OwnedPartitions">
/// The partitions it holds right now: empty after an eager revoke, the kept partitions under a cooperative one.
/// </param>
/// <param name="GenerationId">The generation of its last assignment; -1 before the first.</param>
/// <param name="RackId">Its rack (KIP-881), or null.</param>
/// <param name="LastAssignment">
/// The partitions of its last assignment even if already revoked, which the eager sticky assignor sends in its
/// user data; null means the same as <paramref name="OwnedPartitions"/>.
/// </param>
public sealed record SubscriptionState(
    IReadOnlyList<string> Topics,
    IReadOnlyList<TopicPartition> OwnedPartitions,
    int GenerationId = ConsumerSubscription.NoGeneration,
    string? RackId = null,
    IReadOnlyList<TopicPartition>? LastAssignment = null)
{
    /// <summary>A member that holds nothing and never had an assignment.</summary>
    public static SubscriptionState Fresh(IReadOnlyList<string> topics, string? rackId = null) => new(topics, [], RackId: rackId);

    /// <summary>The partitions of the last assignment (<see cref="LastAssignment"/>, else <see cref="OwnedPartitions"/>).</summary>
    public IReadOnlyList<TopicPartition> PreviousAssignment => LastAssignment ?? OwnedPartitions;

    /// <summary>The subscription to send for <paramref name="assignor"/>, with its user data.</summary>
    public ConsumerSubscription ToSubscription(IPartitionAssignor assignor)
    {
        ArgumentNullException.ThrowIfNull(assignor);
        return new ConsumerSubscription(Topics, assignor.SubscriptionUserData(this), OwnedPartitions, GenerationId, RackId);
    }
}
