using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Sluice.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Fetch;

/// <summary>Reading partitions with the fetcher actors, on every broker backend.</summary>
public abstract class FetchScenarios(IKafkaTestCluster cluster, ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Settings that keep scenario runs short: a short long-poll.</summary>
    protected static FetchSettings Settings { get; } = FetchSettings.Default.WithFetchWaitMax(TimeSpan.FromMilliseconds(50));

    [ScenarioFact]
    public async Task Every_record_of_six_partitions_spread_over_the_brokers_comes_once_in_order()
    {
        var topic = Topic("six");
        await cluster.CreateTopicAsync(topic, 6);
        var sent = await ProduceAsync(topic, partitions: 6, batches: 3, perBatch: 20, CompressionCodec.None);
        await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, cluster.BootstrapServers, Consuming.AllPartitions(topic, 6, StartPosition.Earliest), Settings);

        var received = await consumer.ConsumeExactlyAsync(6 * 60, Patience);

        AssertSameRecords(sent, received);
        Assert.Empty(await consumer.ConsumeRestAsync(TimeSpan.FromMilliseconds(300)));
        var status = await consumer.GetStatusAsync();
        Assert.Equal(Math.Min(6, cluster.BrokerCount), status.Select(s => s.Leader).Distinct().Count());
        Assert.All(status, s => Assert.Equal(60, s.ConsumedPosition));
    }

    [ScenarioFact]
    public async Task Gzip_batches_are_read_back_byte_exact()
    {
        var topic = Topic("gzip");
        await cluster.CreateTopicAsync(topic, 2);
        var sent = await ProduceAsync(topic, partitions: 2, batches: 2, perBatch: 25, CompressionCodec.Gzip);
        await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, cluster.BootstrapServers, Consuming.AllPartitions(topic, 2, StartPosition.Earliest), Settings);

        AssertSameRecords(sent, await consumer.ConsumeExactlyAsync(100, Patience));
    }

    [ScenarioFact]
    public async Task Answers_of_megabytes_read_into_segments_come_back_byte_exact_plain_and_compressed()
    {
        // 1,000 records of 1 KiB per partition. On Kafka 0.9 the first Fetch asks about 1 MiB of each partition, so
        // its answer (megabytes) is read into 128 KiB segments, with entries and compressed wrappers crossing their
        // boundaries (dropping the entries that cross one fails this scenario there).
        foreach (var codec in new[] { CompressionCodec.None, CompressionCodec.Gzip })
        {
            var topic = Topic($"segments-{codec}".ToLowerInvariant());
            await cluster.CreateTopicAsync(topic, 3);
            var sent = await ProduceAsync(topic, partitions: 3, batches: 20, perBatch: 50, codec, valueBytes: 1_024);
            await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, cluster.BootstrapServers, Consuming.AllPartitions(topic, 3, StartPosition.Earliest), Settings);

            AssertSameRecords(sent, await consumer.ConsumeExactlyAsync(3_000, Patience));
        }
    }

    [ScenarioFact]
    public async Task Reading_from_latest_sees_only_what_is_produced_afterwards()
    {
        var topic = Topic("latest");
        await cluster.CreateTopicAsync(topic, 1);
        await ProduceAsync(topic, partitions: 1, batches: 1, perBatch: 10, CompressionCodec.None);
        await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, cluster.BootstrapServers, Consuming.AllPartitions(topic, 1, StartPosition.Latest), Settings);
        await AwaitAssertAsync(async () => Assert.Equal(10, (await consumer.GetStatusAsync()).Single().FetchPosition));

        var later = await ProduceAsync(topic, partitions: 1, batches: 1, perBatch: 5, CompressionCodec.None, firstIndex: 10);
        var received = await consumer.ConsumeExactlyAsync(5, Patience);

        AssertSameRecords(later, received);
        Assert.Equal(10, received[0].Offset);
    }

    [ScenarioFact]
    public async Task Reading_from_an_offset_inside_a_batch_starts_at_that_offset()
    {
        var topic = Topic("offset");
        await cluster.CreateTopicAsync(topic, 1);
        var sent = await ProduceAsync(topic, partitions: 1, batches: 2, perBatch: 10, CompressionCodec.Gzip);
        await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, cluster.BootstrapServers, new Dictionary<TopicPartition, StartPosition> { [new(topic, 0)] = StartPosition.AtOffset(7) }, Settings);

        var received = await consumer.ConsumeExactlyAsync(13, Patience);

        Assert.Equal(Enumerable.Range(7, 13).Select(i => (long)i), received.Select(r => r.Offset));
        Assert.Equal(sent[0][7].Value, received[0].Value);
        Assert.Empty(await consumer.ConsumeRestAsync(TimeSpan.FromMilliseconds(300)));
    }

    [ScenarioFact]
    public async Task Seeking_back_reads_the_records_again_and_held_offsets_follow()
    {
        var topic = Topic("seek");
        await cluster.CreateTopicAsync(topic, 1);
        await ProduceAsync(topic, partitions: 1, batches: 1, perBatch: 10, CompressionCodec.None);
        await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, cluster.BootstrapServers, Consuming.AllPartitions(topic, 1, StartPosition.Earliest), Settings);
        await consumer.ConsumeExactlyAsync(10, Patience);
        Assert.Equal(10, (await consumer.GetHeldOffsetsAsync())[new TopicPartition(topic, 0)]);

        await consumer.SeekAsync(new TopicPartition(topic, 0), StartPosition.AtOffset(4));
        var again = await consumer.ConsumeExactlyAsync(6, Patience);

        Assert.Equal(Enumerable.Range(4, 6).Select(i => (long)i), again.Select(r => r.Offset));
        Assert.Equal(10, (await consumer.GetHeldOffsetsAsync())[new TopicPartition(topic, 0)]);
    }

    /// <summary>A topic name no other test uses.</summary>
    [ScenarioFact]
    public async Task A_consumer_that_does_not_drain_large_records_buffers_its_share_of_queued_max_bytes_not_its_record_bound()
    {
        const int partitions = 3;
        const int perPartition = 120;
        const int valueBytes = 10 * 1024;
        const long share = 128 * 1024;
        const int answer = 256 * 1024;   // what a partition may ask once its records' size is known
        var topic = Topic("bytes");
        await cluster.CreateTopicAsync(topic, partitions);
        // Batches of two records: a broker returns a first batch whole even when it is larger than the size asked.
        var sent = await ProduceAsync(topic, partitions, batches: perPartition / 2, perBatch: 2, CompressionCodec.None, valueBytes: valueBytes);
        var settings = Settings.WithQueuedMaxBytes(partitions * share) with { FetchMessageMaxBytes = answer };
        await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, cluster.BootstrapServers, Consuming.AllPartitions(topic, partitions, StartPosition.Earliest), settings);

        // queued-max-messages (16,000) would buffer all 120 records (1.2 MiB) of each partition. Its share of the
        // bytes (128 KiB) bounds the first request before any record size is known, and the answer's record size
        // then keeps the partition out of fetches: each holds its share, 12 records, and nothing more arrives
        // (a fetcher asks the reader for a slot before each request, so the reader has seen the answer first).
        await AwaitAssertAsync(async () => Assert.All(await consumer.GetStatusAsync(), s => Assert.True(s.Buffered >= share / valueBytes)), Patience);
        var held = await consumer.GetStatusAsync();
        Assert.All(held, s => Assert.InRange(s.BufferedBytes, share / 2, share + 2 * (valueBytes + 128)));
        Assert.All(held, s => Assert.InRange(s.FetchPosition ?? -1, share / valueBytes, share / valueBytes + 2));

        // Taken, the records come once each, in order, byte for byte, and fetching resumes as the buffers drain.
        AssertSameRecords(sent, await consumer.ConsumeExactlyAsync(partitions * perPartition, Patience));
        Assert.All(await consumer.GetStatusAsync(), s => Assert.Equal(perPartition, s.ConsumedPosition));
    }

    [ScenarioFact]
    public async Task Offsets_committed_to_a_group_without_joining_it_are_read_back_and_a_later_reader_resumes_there()
    {
        var topic = Topic("simple-commit");
        await cluster.CreateTopicAsync(topic, 2);
        var sent = await ProduceAsync(topic, partitions: 2, batches: 2, perBatch: 10, CompressionCodec.None);
        var group = Topic("simple-group");
        IReadOnlyDictionary<TopicPartition, long> committed;
        List<ConsumedRecord> before;
        await using (var first = await StaticAssignmentConsumer.StartAsync(Sys, cluster.BootstrapServers, Consuming.AllPartitions(topic, 2, StartPosition.Earliest), Settings))
        {
            Assert.Empty(await first.FetchCommittedOffsetsAsync(group));
            before = await first.ConsumeExactlyAsync(25, Patience);

            // With no offsets given, what the application has received is committed.
            await first.CommitOffsetsAsync(group);

            committed = await first.FetchCommittedOffsetsAsync(group);
            var held = await first.GetHeldOffsetsAsync();
            Assert.Equal(held.Where(kv => kv.Value >= 0).OrderBy(kv => kv.Key.Partition), committed.OrderBy(kv => kv.Key.Partition));
            Assert.Equal(25, committed.Values.Sum());
        }

        await using var second = await StaticAssignmentConsumer.StartAsync(
            Sys, cluster.BootstrapServers, Consuming.AllPartitions(topic, 2, StartPosition.Earliest).ToDictionary(kv => kv.Key, kv => committed.TryGetValue(kv.Key, out var at) ? StartPosition.AtOffset(at) : kv.Value), Settings);
        var after = await second.ConsumeExactlyAsync(40 - 25, Patience);

        AssertSameRecords(sent, [.. before, .. after]);
    }

    protected static string Topic(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..24];

    /// <summary>Produces <paramref name="batches"/> batches per partition with Sluice's writer (headers where the broker has them).</summary>
    protected async Task<Dictionary<int, List<ProduceRecord>>> ProduceAsync(string topic, int partitions, int batches, int perBatch, CompressionCodec codec, int firstIndex = 0, int valueBytes = 0)
    {
        await using var metadata = cluster.OpenMetadata();
        var sent = Enumerable.Range(0, partitions).ToDictionary(p => p, _ => new List<ProduceRecord>());
        var legacy = cluster.Backend == TestBrokerBackend.LegacyKafka;
        for (var b = 0; b < batches; b++)
        {
            var batch = Enumerable.Range(0, partitions).ToDictionary(p => p, p => (IReadOnlyList<ProduceRecord>)Enumerable.Range(0, perBatch).Select(i =>
            {
                var index = firstIndex + b * perBatch + i;
                RecordHeader[] headers = legacy ? [] : [new("n", BitConverter.GetBytes(index))];
                return new ProduceRecord(index % 5 == 0 ? null : BitConverter.GetBytes(p * 100_000 + index), Value(p, index, valueBytes), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), headers);
            }).ToList());
            await TestProducer.ProduceAsync(metadata, topic, batch, codec);
            foreach (var (p, records) in batch)
                sent[p].AddRange(records);
        }

        return sent;
    }

    // "value p/i", padded to valueBytes with bytes that vary with the index.
    private static byte[] Value(int partition, int index, int valueBytes)
    {
        var text = System.Text.Encoding.UTF8.GetBytes($"value {partition}/{index}");
        if (valueBytes <= text.Length)
            return text;
        var value = new byte[valueBytes];
        text.CopyTo(value, 0);
        for (var i = text.Length; i < value.Length; i++)
            value[i] = (byte)(i * 31 + index);
        return value;
    }

    /// <summary>Asserts each partition received exactly what was sent, in order, byte for byte.</summary>
    protected static void AssertSameRecords(Dictionary<int, List<ProduceRecord>> sent, IReadOnlyList<ConsumedRecord> received)
    {
        var byPartition = received.ByPartition();
        Assert.Equal(sent.Keys.Order(), byPartition.Keys.Order());
        foreach (var (partition, records) in sent)
        {
            var got = byPartition[partition];
            Assert.Equal(records.Count, got.Count);
            Assert.Equal(got.Select(r => r.Offset).Order(), got.Select(r => r.Offset));
            Assert.Equal(got.Count, got.Select(r => r.Offset).Distinct().Count());
            for (var i = 0; i < records.Count; i++)
            {
                Assert.Equal(records[i].Key, got[i].Key);
                Assert.Equal(records[i].Value, got[i].Value);
                Assert.Equal(records[i].Headers.Select(h => (h.Key, h.Value)), got[i].Headers.Select(h => (h.Key, h.Value)));
            }
        }
    }
}

/// <summary>Fetch scenarios on a three-broker librdkafka mock cluster.</summary>
[Collection(MockClusterCollection.Name)]
[RunsOn(TestBrokerBackend.MockCluster)]
public sealed class FetchOnMockCluster(MockClusterFixture fixture, ITestOutputHelper output) : FetchScenarios(fixture.Cluster, output);

/// <summary>Fetch scenarios on Apache Kafka 0.9.0.1 (Fetch v0-v1, MessageSet v0).</summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class FetchOnLegacyKafka(LegacyKafkaFixture fixture, ITestOutputHelper output) : FetchScenarios(fixture.Cluster, output);

/// <summary>Fetch scenarios on a current Apache Kafka in Docker.</summary>
[Collection(TestcontainersCollection.Name)]
[RunsOn(TestBrokerBackend.Testcontainers)]
public sealed class FetchOnTestcontainers(TestcontainersFixture fixture, ITestOutputHelper output) : FetchScenarios(fixture.Cluster, output);
