using Sluice.Protocol.Messages;

namespace Sluice.Group;

/// <summary>The topic lists of OffsetCommit and OffsetFetch requests, built from partitions and offsets.</summary>
internal static class OffsetRequests
{
    /// <summary>The topics of an OffsetCommit of <paramref name="offsets"/> (the next offset to read, per partition).</summary>
    public static List<OffsetCommitTopic> CommitTopics(IEnumerable<KeyValuePair<TopicPartition, long>> offsets) => offsets
        .GroupBy(kv => kv.Key.Topic, StringComparer.Ordinal)
        .Select(g => new OffsetCommitTopic(g.Key, g.Select(kv => new OffsetCommitPartition(kv.Key.Partition, kv.Value)).ToList()))
        .ToList();

    /// <summary>The topics of an OffsetFetch of <paramref name="partitions"/>, each partition once, in order.</summary>
    public static List<OffsetFetchTopic> FetchTopics(IEnumerable<TopicPartition> partitions) => partitions
        .GroupBy(p => p.Topic, StringComparer.Ordinal)
        .Select(g => new OffsetFetchTopic(g.Key, g.Select(p => p.Partition).Distinct().Order().ToList()))
        .ToList();
}
