using Sluice.Protocol;

namespace Sluice.Cluster;

/// <summary>A partition's leader as last seen; <see cref="Leader"/> is -1 while it has none.</summary>
public sealed record PartitionInfo(int Partition, int Leader, int LeaderEpoch, ErrorCode Error, IReadOnlyList<int> Replicas, IReadOnlyList<int> Isr);
