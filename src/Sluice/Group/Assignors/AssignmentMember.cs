using Sluice.Protocol.Consumer;

namespace Sluice.Group.Assignors;

/// <summary>
/// One member of the group as the leader sees it in the JoinGroup answer: its member id, its static
/// group.instance.id (KIP-345; null for a dynamic member) and its decoded subscription for the chosen assignor,
/// which carries its topics, owned partitions, their generation and its rack.
/// </summary>
public sealed record AssignmentMember(string MemberId, string? GroupInstanceId, ConsumerSubscription Subscription)
{
    /// <summary>Decodes the metadata bytes a JoinGroup answer carries for the member.</summary>
    /// <exception cref="Protocol.KafkaProtocolException">The bytes are not a consumer subscription.</exception>
    public static AssignmentMember Decode(string memberId, string? groupInstanceId, ReadOnlySpan<byte> metadata) =>
        new(memberId, groupInstanceId, ConsumerSubscription.Decode(metadata));
}
