using Sluice.Cluster;
using Sluice.Protocol;
using Sluice.Protocol.Messages;

namespace Sluice.Cli.Kafka;

/// <summary>Reads partitions' log end offsets with ListOffsets at each partition's leader (Kafka 0.9's v0 included).</summary>
internal static class LogEndOffsets
{
    /// <summary>The log end offset of each partition that has a leader in the current metadata and answered without error.</summary>
    public static async Task<Dictionary<TopicPartition, long>> ReadAsync(ClusterMetadata metadata, IEnumerable<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        var ends = new Dictionary<TopicPartition, long>();
        var snapshot = metadata.Current;
        foreach (var byLeader in partitions.Distinct().GroupBy(p => snapshot.LeaderOf(p.Topic, p.Partition)?.Id ?? -1).Where(g => g.Key >= 0))
        {
            var topics = byLeader.GroupBy(p => p.Topic)
                .Select(t => new ListOffsetsTopic(t.Key, t.Select(p => new ListOffsetsPartition(p.Partition, ListOffsetsTimestamp.Latest)).ToList()))
                .ToList();
            var connection = await metadata.ConnectionToAsync(byLeader.Key, cancellationToken).ConfigureAwait(false);
            var answer = await connection.SendAsync(new ListOffsetsRequest(topics), cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var topic in answer.Topics)
            {
                foreach (var partition in topic.Partitions.Where(p => p.Error == ErrorCode.None && p.Offset >= 0))
                    ends[new TopicPartition(topic.Name, partition.Partition)] = partition.Offset;
            }
        }

        return ends;
    }
}
