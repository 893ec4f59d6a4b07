using Sluice.Protocol.Consumer;

namespace Sluice.Group.Assignors;

/// <summary>
/// The "sticky" assignor (eager, KIP-54): as balanced as the subscriptions allow, keeping each member's previous
/// partitions where that stays balanced, so a rebalance moves as few partitions as it can (see
/// <see cref="CooperativeStickyAssignor"/> for the incremental kind). Eager members have revoked everything when
/// they rejoin, so, as Java's and librdkafka's StickyAssignor do, each member sends its last assignment and its
/// generation in the user data; a member without such user data is read from its owned partitions instead.
/// </summary>
public sealed class StickyAssignor : IPartitionAssignor
{
    /// <inheritdoc />
    public string Name => "sticky";

    /// <inheritdoc />
    public AssignmentProtocolKind Kind => AssignmentProtocolKind.Eager;

    /// <summary>
    /// Java's StickyAssignor user data (version 1): the last assignment and its generation; empty before the first
    /// assignment, where Java sends none.
    /// </summary>
    public ReadOnlyMemory<byte> SubscriptionUserData(SubscriptionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.PreviousAssignment.Count == 0 && state.GenerationId == ConsumerSubscription.NoGeneration)
            return ReadOnlyMemory<byte>.Empty;
        return StickyAssignorUserData.Encode(state.PreviousAssignment, state.GenerationId);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> Assign(AssignmentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var claims = context.Members.Select(m => Claim(m.Subscription)).ToList();
        return AssignmentContext.Seal(StickyBalancer.Assign(context, claims, out _));
    }

    private static OwnershipClaim Claim(ConsumerSubscription subscription) =>
        StickyAssignorUserData.TryDecode(subscription.UserData.Span, out var partitions, out var generation)
            ? new OwnershipClaim(partitions, generation)
            : new OwnershipClaim(subscription.OwnedPartitions, subscription.GenerationId);
}
