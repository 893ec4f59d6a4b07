namespace Sluice.Group.Assignors;

/// <summary>A partition the leader can hand out, with its leader broker (-1 when it has none), which pykafka's ordering uses.</summary>
public sealed record AssignablePartition(int Partition, int Leader = -1);
