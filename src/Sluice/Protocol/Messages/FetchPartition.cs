namespace Sluice.Protocol.Messages;

/// <summary>One partition a <see cref="FetchRequest"/> reads.</summary>
/// <param name="Topic">The topic name (sent up to v12, and used to name the topic in the response).</param>
/// <param name="TopicId">The topic id (sent from v13 on); <see cref="Guid.Empty"/> when unknown, which keeps the request at v12 or lower.</param>
/// <param name="Partition">The partition index.</param>
/// <param name="FetchOffset">The offset to read from.</param>
/// <param name="CurrentLeaderEpoch">The leader epoch the client knows (v9+, KIP-320 fencing), or -1.</param>
/// <param name="PartitionMaxBytes">A soft limit on the bytes returned for this partition (a larger first batch still comes whole from v3 on).</param>
public sealed record FetchPartition(string Topic, Guid TopicId, int Partition, long FetchOffset, int CurrentLeaderEpoch, int PartitionMaxBytes);
