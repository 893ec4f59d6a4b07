using System.Text;
using Akka.Actor;
using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Network;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Sluice.TestKit;
using Sluice.TestKit.Legacy;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Fetch;

/// <summary>
/// Kafka 0.9 specifics: message sets written by its own Java producer with every codec it had, and records
/// larger than the fetch size, which Fetch v0 returns only as a fragment.
/// </summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class LegacyKafkaFetchTests(LegacyKafkaFixture fixture, ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly FetchSettings Settings = FetchSettings.Default.WithFetchWaitMax(TimeSpan.FromMilliseconds(50));
    private LegacyKafkaCluster Cluster => (LegacyKafkaCluster)fixture.Cluster;

    [ScenarioFact]
    public Task Uncompressed_records_of_the_kafka_09_java_producer_are_read_back_byte_exact() => ReadBackJavaProducedAsync("none");

    [ScenarioFact]
    public Task Gzip_records_of_the_kafka_09_java_producer_are_read_back_byte_exact() => ReadBackJavaProducedAsync("gzip");

    [ScenarioFact]
    public Task Snappy_records_of_the_kafka_09_java_producer_are_read_back_byte_exact() => ReadBackJavaProducedAsync("snappy");

    [ScenarioFact]
    public Task Lz4_records_of_the_kafka_09_java_producer_are_read_back_byte_exact() => ReadBackJavaProducedAsync("lz4");

    [ScenarioFact]
    public async Task A_record_larger_than_the_fetch_size_makes_the_fetcher_grow_its_request_until_it_fits()
    {
        var topic = $"large-{Guid.NewGuid():N}"[..20];
        await Cluster.CreateTopicAsync(topic, 1);
        var sent = await ProduceLargeAsync(topic, sizes: [100, 5_000, 20_000, 100]);
        var settings = Settings with { FetchMessageMaxBytes = 1_000, FetchMessageMaxBytesLimit = 64_000 };
        await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, Cluster.BootstrapServers, Consuming.AllPartitions(topic, 1, StartPosition.Earliest), settings);

        var received = await consumer.ConsumeExactlyAsync(4, Patience);

        Assert.Equal(sent.Select(r => r.Value), received.Select(r => r.Value));
    }

    [ScenarioFact]
    public async Task A_large_record_after_small_ones_is_read_whole_although_requests_were_trimmed_to_the_credit()
    {
        // Small records and a bound of 50 records trim requests to their 64 KiB floor; the 150 KB record then
        // comes back as a fragment, which must lead to a full-size request (where it fits), not to an error
        // saying it is larger than the limit.
        var topic = $"trimmed-{Guid.NewGuid():N}"[..20];
        await Cluster.CreateTopicAsync(topic, 1);
        var sent = await ProduceLargeAsync(topic, sizes: [.. Enumerable.Repeat(100, 3_000), 150_000, 100], together: 3_000);
        var settings = Settings with { QueuedMaxMessages = 50, FetchMessageMaxBytes = 256 * 1024, FetchMessageMaxBytesLimit = 256 * 1024 };
        await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, Cluster.BootstrapServers, Consuming.AllPartitions(topic, 1, StartPosition.Earliest), settings);

        var received = await consumer.ConsumeExactlyAsync(sent.Count, Patience);

        Assert.Equal(sent.Select(r => r.Value), received.Select(r => r.Value));
    }

    [ScenarioFact]
    public async Task A_partition_back_from_a_full_buffer_is_asked_for_its_credit_at_the_record_size_already_seen()
    {
        // A partition leaves the fetcher's targets whenever its buffer is full and comes back with a new grant.
        // What its first answer showed (about 1 KB a record) must still size the request then: taken for small
        // records again, 900 records of credit would be asked as 64 KiB and come back as about 60.
        var topic = $"refill-{Guid.NewGuid():N}"[..20];
        await Cluster.CreateTopicAsync(topic, 1);
        await using var metadata = Cluster.OpenMetadata();
        var value = new byte[1_000];
        for (var batch = 0; batch < 3; batch++)
        {
            var records = Enumerable.Range(0, 1_000).Select(_ => new ProduceRecord(null, value, 0)).ToList();
            await TestProducer.ProduceAsync(metadata, topic, new Dictionary<int, IReadOnlyList<ProduceRecord>> { [0] = records });
        }

        var partition = new TopicPartition(topic, 0);
        var reader = Sys.ActorOf(FetcherReaderStandIn.Props(TestActor));
        var fetcher = Sys.ActorOf(BrokerFetcher.Props(0, BrokerEndpoint.Parse(Cluster.BootstrapServers), metadata, Settings, reader));

        // A credit of one record: one request at the 64 KiB floor, and no more.
        fetcher.Tell(new BrokerFetcher.SetTargets([new BrokerFetcher.Target(partition, Guid.Empty, 0, -1, Era: 1, Grant: 1, Credit: 1)]));
        var first = ExpectMsg<FetcherReaderStandIn.Answer>(Patience).Fetched;
        fetcher.Tell(new BrokerFetcher.SetTargets([]));
        fetcher.Tell(new BrokerFetcher.SetTargets([new BrokerFetcher.Target(partition, Guid.Empty, first.NextOffset, -1, Era: 1, Grant: 2, Credit: 900)]));
        var refill = ExpectMsg<FetcherReaderStandIn.Answer>(Patience).Fetched;
        Sys.Stop(fetcher);

        Assert.InRange(first.EstimatedRecords, 1, 70);
        Assert.Equal(first.NextOffset, refill.FetchOffset);
        Assert.InRange(refill.EstimatedRecords, 800, 1_000);
    }

    [ScenarioFact]
    public async Task A_record_larger_than_the_fetch_size_limit_fails_the_partition_naming_the_setting_to_raise()
    {
        var topic = $"toolarge-{Guid.NewGuid():N}"[..20];
        await Cluster.CreateTopicAsync(topic, 1);
        await ProduceLargeAsync(topic, sizes: [100, 30_000]);
        var settings = Settings with { FetchMessageMaxBytes = 1_000, FetchMessageMaxBytesLimit = 8_000 };
        await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, Cluster.BootstrapServers, Consuming.AllPartitions(topic, 1, StartPosition.Earliest), settings);

        var first = await consumer.ConsumeExactlyAsync(1, Patience);
        var failure = await Assert.ThrowsAsync<RecordTooLargeException>(() => consumer.ConsumeAsync(10, TimeSpan.FromSeconds(20)));

        Assert.Equal(0, first[0].Offset);
        Assert.Equal(1, failure.Offset);
        Assert.Equal(new TopicPartition(topic, 0), failure.Partition);
        Assert.True(failure.RecordSize > 30_000);
        Assert.Contains("fetch-message-max-bytes", failure.Message);
    }

    [ScenarioFact]
    public async Task Six_partitions_led_by_three_legacy_brokers_are_read_by_three_fetchers_once_each_in_order()
    {
        await using var cluster = await LegacyKafkaCluster.StartAsync(LegacyKafkaOptions.Default.WithBrokerCount(3));
        await cluster.CreateTopicAsync("spread", 6);
        await using (var metadata = cluster.OpenMetadata())
        {
            var batch = Enumerable.Range(0, 6).ToDictionary(p => p, p => (IReadOnlyList<ProduceRecord>)Enumerable.Range(0, 40)
                .Select(i => new ProduceRecord(null, Encoding.UTF8.GetBytes($"{p}/{i}"), 0)).ToList());
            await TestProducer.ProduceAsync(metadata, "spread", batch, CompressionCodec.Gzip);
        }

        await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, cluster.BootstrapServers, Consuming.AllPartitions("spread", 6, StartPosition.Earliest), Settings);
        var received = await consumer.ConsumeExactlyAsync(240, Patience);

        foreach (var (partition, records) in received.ByPartition())
            Assert.Equal(Enumerable.Range(0, 40).Select(i => $"{partition}/{i}"), records.Select(r => Encoding.UTF8.GetString(r.Value!)));
        Assert.Equal(3, (await consumer.GetStatusAsync()).Select(s => s.Leader).Distinct().Count());
    }

    private async Task ReadBackJavaProducedAsync(string codec)
    {
        var topic = $"java-{codec}-{Guid.NewGuid():N}"[..24];
        await Cluster.CreateTopicAsync(topic, 1);
        var records = Enumerable.Range(0, 300).Select(i => ($"key-{i}", $"value {i} {new string((char)('a' + i % 26), i % 120)} ü")).ToList();
        await Cluster.ProduceWithJavaProducerAsync(topic, records, codec);
        await using var consumer = await StaticAssignmentConsumer.StartAsync(Sys, Cluster.BootstrapServers, Consuming.AllPartitions(topic, 1, StartPosition.Earliest), Settings);

        var received = await consumer.ConsumeExactlyAsync(300, Patience);

        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), received.Select(r => r.Offset));
        Assert.Equal(records.Select(r => r.Item1), received.Select(r => Encoding.UTF8.GetString(r.Key!)));
        Assert.Equal(records.Select(r => r.Item2), received.Select(r => Encoding.UTF8.GetString(r.Value!)));
        Assert.Empty(await consumer.ConsumeRestAsync(TimeSpan.FromMilliseconds(300)));
    }

    // One record per request, except the first `together`, which go in one request.
    private async Task<List<ProduceRecord>> ProduceLargeAsync(string topic, int[] sizes, int together = 1)
    {
        await using var metadata = Cluster.OpenMetadata();
        var records = sizes.Select((size, i) => new ProduceRecord(null, Enumerable.Range(0, size).Select(b => (byte)(b * 31 + i)).ToArray(), 0)).ToList();
        await TestProducer.ProduceAsync(metadata, topic, new Dictionary<int, IReadOnlyList<ProduceRecord>> { [0] = records[..together] });
        foreach (var record in records[together..])
            await TestProducer.ProduceAsync(metadata, topic, new Dictionary<int, IReadOnlyList<ProduceRecord>> { [0] = [record] });
        return records;
    }
}
