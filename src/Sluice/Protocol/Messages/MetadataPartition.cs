namespace Sluice.Protocol.Messages;

/// <summary>One partition in a <see cref="MetadataResponse"/>; <paramref name="Leader"/> is -1 while there is none.</summary>
public sealed record MetadataPartition(
    ErrorCode Error,
    int Partition,
    int Leader,
    int LeaderEpoch,
    IReadOnlyList<int> Replicas,
    IReadOnlyList<int> Isr,
    IReadOnlyList<int> OfflineReplicas);
