namespace Sluice.Group;

/// <summary>Where a group member is in its life, its membership, and what it holds.</summary>
/// <param name="State">The member's state.</param>
/// <param name="GenerationId">The group generation it belongs to, -1 when none.</param>
/// <param name="MemberId">The id the coordinator gave it, empty when none.</param>
/// <param name="Assignment">The partitions it holds.</param>
/// <param name="Failure">Why it stopped, when it failed.</param>
public sealed record MemberStatus(MemberState State, int GenerationId, string MemberId, IReadOnlySet<TopicPartition> Assignment, Exception? Failure);
