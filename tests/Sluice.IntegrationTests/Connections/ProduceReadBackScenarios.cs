using System.Text;
using Sluice.Cluster;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Sluice.TestKit;
using Sluice.TestKit.Tools;
using Xunit;

namespace Sluice.IntegrationTests.Connections;

/// <summary>What Sluice's Produce writes, an independent client (kcat, librdkafka) reads back byte for byte.</summary>
public abstract class ProduceReadBackScenarios(IKafkaTestCluster cluster)
{
    private const int Partitions = 3;
    private const int RecordsPerPartition = 40;

    [ScenarioFact]
    public Task Uncompressed_records_produced_by_sluice_are_read_back_byte_exact_by_kcat() =>
        ProduceAndReadBackAsync(CompressionCodec.None);

    [ScenarioFact]
    public Task Gzip_records_produced_by_sluice_are_read_back_byte_exact_by_kcat() =>
        ProduceAndReadBackAsync(CompressionCodec.Gzip);

    private bool IsLegacy => cluster.Backend == TestBrokerBackend.LegacyKafka;

    private async Task ProduceAndReadBackAsync(CompressionCodec codec)
    {
        var topic = $"readback-{codec}-{Guid.NewGuid():N}"[..30];
        await cluster.CreateTopicAsync(topic, Partitions);
        var sent = Enumerable.Range(0, Partitions).ToDictionary(p => p, p => MakeRecords(seed: p * 1000 + (int)codec));
        await using var metadata = cluster.OpenMetadata();

        var baseOffsets = await TestProducer.ProduceAsync(metadata, topic, sent, codec);

        foreach (var (partition, records) in sent)
        {
            Assert.Equal(0, baseOffsets[partition]);
            var read = await Kcat.ConsumeAsync(cluster.BootstrapServers, topic, partition, legacyBroker: IsLegacy);
            Assert.Equal(records.Count, read.Count);
            for (var i = 0; i < records.Count; i++)
            {
                Assert.Equal(i, read[i].Offset);
                Assert.Equal(records[i].Key, read[i].Key);
                Assert.Equal(records[i].Value, read[i].Value);
                if (!IsLegacy)
                {
                    Assert.Equal(records[i].TimestampMs, read[i].Timestamp);
                    Assert.Equal(string.Join(',', records[i].Headers.Select(h => $"{h.Key}={Encoding.UTF8.GetString(h.Value!)}")), read[i].Headers);
                }
            }
        }
    }

    // Keys and values cover null, empty and arbitrary bytes (newlines, separators, NUL); Kafka 0.9's message
    // format has no headers, so only newer brokers get them.
    private IReadOnlyList<ProduceRecord> MakeRecords(int seed)
    {
        var random = new Random(seed);
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return Enumerable.Range(0, RecordsPerPartition).Select(i =>
        {
            byte[]? key = i % 7 == 0 ? null : i % 11 == 0 ? [] : RandomBytes(random, 1 + random.Next(32));
            byte[]? value = i % 13 == 0 ? null : RandomBytes(random, random.Next(300));
            RecordHeader[] headers = IsLegacy ? [] : [new("trace", Encoding.UTF8.GetBytes($"id-{i}")), new("zażółć", "ü"u8.ToArray())];
            return new ProduceRecord(key, value, start + i, headers);
        }).ToList();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

/// <summary>Produce read-back on librdkafka's mock cluster (RecordBatch v2).</summary>
[Collection(MockClusterCollection.Name)]
[RunsOn(TestBrokerBackend.MockCluster)]
public sealed class ProduceReadBackOnMockCluster(MockClusterFixture fixture) : ProduceReadBackScenarios(fixture.Cluster);

/// <summary>Produce read-back on Apache Kafka 0.9.0.1 (MessageSet magic 0).</summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class ProduceReadBackOnLegacyKafka(LegacyKafkaFixture fixture) : ProduceReadBackScenarios(fixture.Cluster);

/// <summary>Produce read-back on a current Apache Kafka in Docker.</summary>
[Collection(TestcontainersCollection.Name)]
[RunsOn(TestBrokerBackend.Testcontainers)]
public sealed class ProduceReadBackOnTestcontainers(TestcontainersFixture fixture) : ProduceReadBackScenarios(fixture.Cluster);
