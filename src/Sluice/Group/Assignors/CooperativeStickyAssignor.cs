using System.Buffers.Binary;
using Sluice.Protocol.Consumer;

namespace Sluice.Group.Assignors;

/// <summary>
/// The "cooperative-sticky" assignor (KIP-429): the sticky assignment, then every partition that would pass from
/// one member to another in this round is held back. Its current owner, finding it missing from its new assignment,
/// revokes it (committing first) and rejoins at once; in that follow-up round nobody claims it and it goes to its new
/// member. Members keep every partition that does not move throughout, so nothing stops for the rebalance.
/// Ownership comes from the subscription's owned partitions and generation (v2+); for members on an older
/// subscription version the generation is read from the user data, as Java's 4-byte form or librdkafka's sticky form.
/// </summary>
public sealed class CooperativeStickyAssignor : IPartitionAssignor
{
    /// <inheritdoc />
    public string Name => "cooperative-sticky";

    /// <inheritdoc />
    public AssignmentProtocolKind Kind => AssignmentProtocolKind.Cooperative;

    /// <summary>Java's CooperativeStickyAssignor user data: the generation of the owned partitions, an int32.</summary>
    public ReadOnlyMemory<byte> SubscriptionUserData(SubscriptionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, state.GenerationId);
        return bytes;
    }

    /// <summary>
    /// The sticky assignment less the partitions withheld this round: a partition is withheld from its new member
    /// when any other member claims it in the partition's newest generation.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> Assign(AssignmentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var claims = context.Members.Select(m => new OwnershipClaim(m.Subscription.OwnedPartitions, Generation(m.Subscription))).ToList();
        var assignment = StickyBalancer.Assign(context, claims, out var newestClaimants);
        foreach (var (member, partitions) in assignment)
        {
            partitions.RemoveAll(tp => newestClaimants.TryGetValue(tp, out var claimants)
                && claimants.Any(c => !string.Equals(c, member, StringComparison.Ordinal)));
        }

        return AssignmentContext.Seal(assignment);
    }

    private static int Generation(ConsumerSubscription subscription)
    {
        if (subscription.GenerationId != ConsumerSubscription.NoGeneration)
            return subscription.GenerationId;
        var userData = subscription.UserData.Span;
        if (userData.Length == 4)
            return BinaryPrimitives.ReadInt32BigEndian(userData);
        return StickyAssignorUserData.TryDecode(userData, out _, out var generation) ? generation : ConsumerSubscription.NoGeneration;
    }
}
