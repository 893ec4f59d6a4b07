using System.Diagnostics;
using System.Text;
using Confluent.Kafka.Admin;
using Sluice.Benchmarks.Consumers;
using Sluice.Cluster;
using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;

namespace Sluice.Benchmarks.Harness;

/// <summary>A topic the benchmark consumes: N value-only records of S bytes, record i in partition i mod P.</summary>
internal sealed record TopicSpec(long Count, int Size, int Partitions, CompressionCodec Codec)
{
    public string Name => $"sluice-bench-n{Count}-s{Size}-p{Partitions}-{Codec.ToString().ToLowerInvariant()}";

    /// <summary>The end offset of each partition once loaded (the log starts at 0).</summary>
    public long[] EndOffsets() =>
        Enumerable.Range(0, Partitions).Select(p => Count / Partitions + (p < Count % Partitions ? 1 : 0)).ToArray();

    public string Describe() =>
        $"{Count:N0} × {SizeText(Size)}, {Partitions} partitions, {(Codec == CompressionCodec.None ? "no compression" : Codec.ToString().ToLowerInvariant())}";

    public static string SizeText(int size) => size % 1024 == 0 ? $"{size / 1024} KiB" : $"{size} B";
}

/// <summary>
/// Loads a <see cref="TopicSpec"/> once with Sluice's own Produce request (acks=1, one batch per partition per
/// request, several requests in flight), or reuses it when a topic of that name already holds exactly that.
/// On Kafka 0.9 the records go out as message set v0, the only format that broker stores; elsewhere as record
/// batches v2 of about <c>batchBytes</c> each (the mock returns one batch per partition per Fetch, so batch size
/// shapes its throughput: keep it fixed across compared runs).
/// </summary>
internal static class TopicLoader
{
    private const int InFlight = 4;

    public static async Task<string> EnsureLoadedAsync(BenchBroker broker, TopicSpec spec, int batchBytes, TextWriter log)
    {
        var connection = ConnectionSettings.Default.WithClientId("sluice-bench-loader") with { ApiVersionsRequest = !broker.Legacy };
        await using var metadata = ClusterMetadata.Create(broker.BootstrapServers, connection);

        // All topics: a Kafka 0.9 Metadata request naming a missing topic would auto-create it with the wrong partition count.
        var all = await metadata.RefreshAsync().ConfigureAwait(false);
        var expected = spec.EndOffsets();
        if (all.Topics.TryGetValue(spec.Name, out var existing))
        {
            var (earliest, latest) = await OffsetsAsync(metadata, spec.Name, existing.Partitions.Count).ConfigureAwait(false);
            if (existing.Partitions.Count == spec.Partitions && earliest.All(o => o == 0) && latest.SequenceEqual(expected))
                return $"reused topic {spec.Name} (already holds {spec.Count:N0} records)";
            throw new InvalidOperationException(
                $"topic {spec.Name} exists but holds other data (partitions {existing.Partitions.Count}, offsets {string.Join(',', earliest)} to {string.Join(',', latest)}); delete it or use another cluster");
        }

        if (!await broker.TryCreateTopicAsync(spec.Name, spec.Partitions).ConfigureAwait(false))
            await CreateWithAdminClientAsync(broker.BootstrapServers, spec).ConfigureAwait(false);

        var stopwatch = Stopwatch.StartNew();
        var snapshot = await metadata.RefreshAsync([spec.Name]).ConfigureAwait(false);
        var perBatch = Math.Max(1, batchBytes / (spec.Size + 20));
        var byLeader = Enumerable.Range(0, spec.Partitions)
            .GroupBy(p => snapshot.LeaderOf(spec.Name, p)?.Id ?? throw new InvalidOperationException($"{spec.Name}-{p} has no leader"));
        await Task.WhenAll(byLeader.Select(g => LoadLeaderAsync(metadata, g.Key, g.ToArray(), spec, expected, perBatch))).ConfigureAwait(false);

        var (_, loaded) = await OffsetsAsync(metadata, spec.Name, spec.Partitions).ConfigureAwait(false);
        if (!loaded.SequenceEqual(expected))
            throw new InvalidOperationException($"after loading, {spec.Name} ends at {string.Join(',', loaded)} instead of {string.Join(',', expected)}");
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var message = $"loaded {spec.Name}: {spec.Count:N0} records in {seconds:0.0} s ({spec.Count / seconds:N0} records/s, {spec.Count * spec.Size / seconds / (1 << 20):0} MiB/s; acks=1, {perBatch:N0} records per batch)";
        await log.WriteLineAsync(message).ConfigureAwait(false);
        return message;
    }

    private static async Task LoadLeaderAsync(ClusterMetadata metadata, int leader, int[] partitions, TopicSpec spec, long[] expected, int perBatch)
    {
        var connection = await metadata.ConnectionToAsync(leader).ConfigureAwait(false);
        var sent = new long[spec.Partitions];
        var slots = new SemaphoreSlim(InFlight);
        var pending = new List<Task>();
        var rng = new Random(leader * 7919 + spec.Partitions);
        var values = new ValueSource(spec.Size, spec.Codec != CompressionCodec.None, rng);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        while (partitions.Any(p => sent[p] < expected[p]))
        {
            var data = new List<ProducePartitionData>();
            foreach (var p in partitions)
            {
                var take = (int)Math.Min(perBatch, expected[p] - sent[p]);
                if (take == 0)
                    continue;
                var records = new ProduceRecord[take];
                for (var i = 0; i < take; i++)
                    records[i] = new ProduceRecord(null, values.Next((sent[p] + i) * spec.Partitions + p), timestamp);
                sent[p] += take;
                data.Add(new ProducePartitionData(p, records));
            }

            var request = new ProduceRequest([new ProduceTopicData(spec.Name, data)], acks: 1, compression: spec.Codec);
            await slots.WaitAsync().ConfigureAwait(false);
            pending.Add(SendAsync(connection, request, spec.Name, slots));
            pending.RemoveAll(t => t.IsCompletedSuccessfully);
            if (pending.FirstOrDefault(t => t.IsFaulted) is { } failed)
                await failed.ConfigureAwait(false);
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private static async Task SendAsync(BrokerConnection connection, ProduceRequest request, string topic, SemaphoreSlim slots)
    {
        try
        {
            var response = await connection.SendAsync(request, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            foreach (var answer in response.Topics.SelectMany(t => t.Partitions))
            {
                if (answer.Error != ErrorCode.None)
                    throw new InvalidOperationException($"Produce to {topic}-{answer.Partition} failed: {answer.Error} {answer.ErrorMessage}");
            }
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Each partition's earliest and latest offset.</summary>
    public static async Task<(long[] Earliest, long[] Latest)> OffsetsAsync(ClusterMetadata metadata, string topic, int partitions)
    {
        var snapshot = await metadata.RefreshAsync([topic]).ConfigureAwait(false);
        var earliest = new long[partitions];
        var latest = new long[partitions];
        foreach (var group in Enumerable.Range(0, partitions).GroupBy(p => snapshot.LeaderOf(topic, p)?.Id ?? throw new InvalidOperationException($"{topic}-{p} has no leader")))
        {
            var connection = await metadata.ConnectionToAsync(group.Key).ConfigureAwait(false);
            foreach (var (which, into) in new[] { (ListOffsetsTimestamp.Earliest, earliest), (ListOffsetsTimestamp.Latest, latest) })
            {
                var request = new ListOffsetsRequest([new ListOffsetsTopic(topic, group.Select(p => new ListOffsetsPartition(p, which)).ToList())]);
                var response = await connection.SendAsync(request).ConfigureAwait(false);
                foreach (var answer in response.Topics.SelectMany(t => t.Partitions))
                {
                    if (answer.Error != ErrorCode.None)
                        throw new InvalidOperationException($"ListOffsets {topic}-{answer.Partition}: {answer.Error}");
                    into[answer.Partition] = answer.Offset;
                }
            }
        }

        return (earliest, latest);
    }

    private static async Task CreateWithAdminClientAsync(string bootstrap, TopicSpec spec)
    {
        ConfluentNative.UseBundled();
        using var admin = new Confluent.Kafka.AdminClientBuilder(new Confluent.Kafka.AdminClientConfig { BootstrapServers = bootstrap }).Build();
        await admin.CreateTopicsAsync([new TopicSpecification { Name = spec.Name, NumPartitions = spec.Partitions, ReplicationFactor = -1 }]).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
    }

    /// <summary>
    /// Record values: random bytes without compression (nothing for a codec to find), JSON-like text with a codec
    /// (so the codec has realistic work, as in the decode micro-benchmarks).
    /// </summary>
    private sealed class ValueSource(int size, bool text, Random rng)
    {
        public byte[] Next(long i)
        {
            var value = new byte[size];
            if (!text)
            {
                rng.NextBytes(value);
                return value;
            }

            var sb = new StringBuilder(size + 64);
            while (sb.Length < size)
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"id\":{i,10},\"user\":\"user-{rng.Next(1000),4}\",\"event\":\"page_view\",\"amount\":{rng.Next(100000),6},\"ok\":true}}");
            Encoding.ASCII.GetBytes(sb.ToString(0, size), value);
            return value;
        }
    }
}
