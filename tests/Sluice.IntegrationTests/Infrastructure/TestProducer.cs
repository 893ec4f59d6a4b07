using Sluice.Cluster;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>Writes records to partitions with Sluice's own Produce request, each batch to the partition's leader.</summary>
public static class TestProducer
{
    /// <summary>Produces the records of each partition in one batch and returns each partition's base offset.</summary>
    public static async Task<IReadOnlyDictionary<int, long>> ProduceAsync(
        ClusterMetadata metadata,
        string topic,
        IReadOnlyDictionary<int, IReadOnlyList<ProduceRecord>> recordsByPartition,
        CompressionCodec compression = CompressionCodec.None)
    {
        var snapshot = await metadata.RefreshAsync([topic]);
        var baseOffsets = new Dictionary<int, long>();
        foreach (var byLeader in recordsByPartition.GroupBy(p => snapshot.LeaderOf(topic, p.Key)?.Id ?? throw new InvalidOperationException($"{topic}-{p.Key} has no leader")))
        {
            var partitions = byLeader.Select(p => new ProducePartitionData(p.Key, p.Value)).ToList();
            var request = new ProduceRequest([new ProduceTopicData(topic, partitions)], acks: -1, compression: compression);
            var connection = await metadata.ConnectionToAsync(byLeader.Key);
            var response = await connection.SendAsync(request);
            foreach (var answer in response.Topics.SelectMany(t => t.Partitions))
            {
                if (answer.Error != ErrorCode.None)
                    throw new InvalidOperationException($"Produce to {topic}-{answer.Partition} failed: {answer.Error} {answer.ErrorMessage}");
                baseOffsets[answer.Partition] = answer.BaseOffset;
            }
        }

        return baseOffsets;
    }
}
