namespace Sluice.Group.Assignors;

/// <summary>What one member says it held, and in which generation (-1 when it does not say).</summary>
internal readonly record struct OwnershipClaim(IReadOnlyList<TopicPartition> Partitions, int Generation);
