namespace Sluice.Protocol.Messages;

/// <summary>One partition a <see cref="ListOffsetsRequest"/> asks about.</summary>
/// <param name="Partition">The partition index.</param>
/// <param name="Timestamp"><see cref="ListOffsetsTimestamp.Latest"/>, <see cref="ListOffsetsTimestamp.Earliest"/>, or a time in milliseconds since the Unix epoch.</param>
/// <param name="CurrentLeaderEpoch">The leader epoch the client knows (v4+, KIP-320 fencing), or -1.</param>
public sealed record ListOffsetsPartition(int Partition, long Timestamp, int CurrentLeaderEpoch = -1);
