namespace Sluice.Protocol.Messages;

/// <summary>A partition named by topic name and topic id, as a fetch session forgets or reports it.</summary>
/// <param name="Topic">The topic name (sent up to v12).</param>
/// <param name="TopicId">The topic id (sent from v13 on), or <see cref="Guid.Empty"/> when unknown.</param>
/// <param name="Partition">The partition index.</param>
public readonly record struct FetchTopicPartition(string Topic, Guid TopicId, int Partition)
{
    /// <inheritdoc />
    public override string ToString() => $"{Topic}-{Partition}";
}
