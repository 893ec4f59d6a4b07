using Sluice.Cli.Kafka;
using Sluice.Cluster;
using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;

namespace Sluice.Cli.Producing;

/// <summary>
/// Appends records to one topic with Sluice's Produce request: one request per partition leader holding every
/// partition it leads, acks from all in-sync replicas. Leader moves and other passing errors are retried after a
/// metadata refresh (a retry after a lost connection may append a batch twice: there is no idempotence here).
/// </summary>
internal sealed class RecordProducer
{
    private const int MaxAttempts = 5;
    private readonly ClusterMetadata _metadata;
    private readonly string _bootstrap;
    private readonly CompressionCodec _compression;

    private RecordProducer(ClusterMetadata metadata, string bootstrap, string topic, int partitions, CompressionCodec compression)
    {
        _metadata = metadata;
        _bootstrap = bootstrap;
        Topic = topic;
        Partitions = partitions;
        _compression = compression;
    }

    /// <summary>The topic written to.</summary>
    public string Topic { get; }

    /// <summary>How many partitions the topic has.</summary>
    public int Partitions { get; }

    /// <summary>A producer for <paramref name="topic"/>, which must exist.</summary>
    public static async Task<RecordProducer> CreateAsync(ClusterMetadata metadata, string bootstrap, string topic, CompressionCodec compression, CancellationToken cancellationToken)
    {
        var snapshot = await BrokerAccess.DescribeTopicsAsync(metadata, bootstrap, [topic], cancellationToken).ConfigureAwait(false);
        return new RecordProducer(metadata, bootstrap, topic, snapshot.Topics[topic].Partitions.Count, compression);
    }

    /// <summary>Appends each partition's records in order and returns the offset the first of them got.</summary>
    public async Task<IReadOnlyDictionary<int, long>> SendAsync(IReadOnlyDictionary<int, List<ProduceRecord>> recordsByPartition, CancellationToken cancellationToken)
    {
        var baseOffsets = new Dictionary<int, long>();
        var pending = recordsByPartition.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => p.Value);
        var lastProblem = "";
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            if (attempt > MaxAttempts)
                throw new CliException($"producing to {Topic}-{pending.Keys.Min()} kept failing ({lastProblem}); check that the partition has a live leader");
            if (attempt > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
                await BrokerAccess.RefreshAsync(_metadata, _bootstrap, [Topic], cancellationToken).ConfigureAwait(false);
            }

            var snapshot = _metadata.Current;
            var retry = new Dictionary<int, List<ProduceRecord>>();
            var sends = new List<Task<(IReadOnlyList<int> Partitions, ProduceResponse? Response, string? Failure)>>();
            foreach (var byLeader in pending.GroupBy(p => snapshot.LeaderOf(Topic, p.Key)?.Id ?? -1))
            {
                if (byLeader.Key < 0)
                {
                    foreach (var (partition, records) in byLeader)
                        retry[partition] = records;
                    lastProblem = "no leader";
                    continue;
                }

                sends.Add(SendToLeaderAsync(byLeader.Key, byLeader.ToList(), cancellationToken));
            }

            foreach (var (partitions, response, failure) in await Task.WhenAll(sends).ConfigureAwait(false))
            {
                if (response is null)
                {
                    foreach (var partition in partitions)
                        retry[partition] = pending[partition];
                    lastProblem = failure ?? "no answer";
                    continue;
                }

                foreach (var answer in response.Topics.SelectMany(t => t.Partitions))
                {
                    if (answer.Error == ErrorCode.None)
                        baseOffsets[answer.Partition] = answer.BaseOffset;
                    else if (IsPassing(answer.Error))
                    {
                        retry[answer.Partition] = pending[answer.Partition];
                        lastProblem = answer.Error.ToString();
                    }
                    else
                    {
                        throw new CliException($"the broker refused records for {Topic}-{answer.Partition}: {answer.Error}{(answer.ErrorMessage is null ? "" : $" ({answer.ErrorMessage})")}; check the topic's configuration (e.g. max.message.bytes) and the value size");
                    }
                }
            }

            pending = retry;
        }

        return baseOffsets;
    }

    private async Task<(IReadOnlyList<int> Partitions, ProduceResponse? Response, string? Failure)> SendToLeaderAsync(
        int leader, IReadOnlyList<KeyValuePair<int, List<ProduceRecord>>> partitions, CancellationToken cancellationToken)
    {
        var numbers = partitions.Select(p => p.Key).ToList();
        var request = new ProduceRequest([new ProduceTopicData(Topic, partitions.Select(p => new ProducePartitionData(p.Key, p.Value)).ToList())], acks: -1, compression: _compression);
        try
        {
            var connection = await _metadata.ConnectionToAsync(leader, cancellationToken).ConfigureAwait(false);
            return (numbers, await connection.SendAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false), null);
        }
        catch (UnsupportedVersionException e) when (_compression == CompressionCodec.Zstd)
        {
            throw new CliException($"zstd needs Kafka 2.1 or later (Produce v7+), and broker {leader} is older ({e.Message.TrimEnd('.')}); choose another --compression", e);
        }
        catch (KafkaConnectionException e)
        {
            return (numbers, null, e.Message);
        }
    }

    private static bool IsPassing(ErrorCode error) => error is ErrorCode.NotLeaderOrFollower or ErrorCode.LeaderNotAvailable or ErrorCode.RequestTimedOut
        or ErrorCode.NotEnoughReplicas or ErrorCode.NotEnoughReplicasAfterAppend or ErrorCode.NetworkException or ErrorCode.KafkaStorageError
        or ErrorCode.UnknownTopicOrPartition or ErrorCode.BrokerNotAvailable;
}
