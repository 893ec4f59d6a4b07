using System.Text;
using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Sluice.TestKit.Mock;
using Sluice.TestKit.Tools;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Fetch;

/// <summary>
/// Fetching under conditions only librdkafka's mock can stage: every librdkafka codec, moved leaders, a broker
/// down, deleted records, injected errors, corrupt batches. Each test has a cluster of its own.
/// </summary>
public sealed class MockClusterFetchTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output), IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly FetchSettings Settings = FetchSettings.Default.WithFetchWaitMax(TimeSpan.FromMilliseconds(50)) with
    {
        FetchErrorBackoff = TimeSpan.FromMilliseconds(100),
        ReconnectBackoff = TimeSpan.FromMilliseconds(50),
        ReconnectBackoffMax = TimeSpan.FromMilliseconds(500),
    };

    private MockCluster _cluster = null!;
    private ClusterMetadata _metadata = null!;

    public async Task InitializeAsync()
    {
        _cluster = await MockCluster.StartAsync();
        _metadata = ClusterMetadata.Create(_cluster.BootstrapServers);
    }

    public async Task DisposeAsync()
    {
        await _metadata.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    [InlineData("snappy")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public async Task Records_librdkafka_wrote_with_each_codec_are_read_back_byte_exact(string codec)
    {
        await _cluster.CreateTopicAsync("codec", 1);
        var records = Enumerable.Range(0, 200).Select(i => ($"key-{i}", $"value {i} {new string((char)('a' + i % 26), i % 90)} ✓")).ToList();
        await Kcat.ProduceAsync(_cluster.BootstrapServers, "codec", 0, codec, records, new Dictionary<string, string> { ["origin"] = "kcat", ["codec"] = codec });
        await using var consumer = await StartAsync("codec", 1, StartPosition.Earliest);

        var received = await consumer.ConsumeExactlyAsync(200, Patience);

        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(i, received[i].Offset);
            Assert.Equal(records[i].Item1, Encoding.UTF8.GetString(received[i].Key!));
            Assert.Equal(records[i].Item2, Encoding.UTF8.GetString(received[i].Value!));
            Assert.Equal([("origin", "kcat"), ("codec", codec)], received[i].Headers.Select(h => (h.Key, Encoding.UTF8.GetString(h.Value!))));
        }
    }

    [Fact]
    public async Task A_leader_moved_mid_stream_loses_and_repeats_nothing()
    {
        await _cluster.CreateTopicAsync("moving", 3);
        await ProduceAsync("moving", 3, 0, 50);
        await using var consumer = await StartAsync("moving", 3, StartPosition.Earliest);
        var received = await consumer.ConsumeExactlyAsync(60, Patience);
        var events = consumer.Events;

        var before = (await consumer.GetStatusAsync()).Single(s => s.Partition.Partition == 0).Leader!.Value;
        await _cluster.SetPartitionLeaderAsync("moving", 0, before % 3 + 1);
        await ProduceAsync("moving", 3, 50, 50);
        received.AddRange(await consumer.ConsumeExactlyAsync(300 - 60, Patience));

        AssertEachOffsetOnce(received, partitions: 3, perPartition: 100);
        await AwaitAssertAsync(async () => Assert.Equal(before % 3 + 1, (await consumer.GetStatusAsync()).Single(s => s.Partition.Partition == 0).Leader));
        Assert.True(events.TryRead(out var moved) && moved is FetchEvent.LeaderMoved);
    }

    [Fact]
    public async Task A_broker_down_for_a_while_stalls_only_its_partitions_and_they_resume_where_they_were()
    {
        await _cluster.CreateTopicAsync("outage", 3);
        await ProduceAsync("outage", 3, 0, 20);
        await using var consumer = await StartAsync("outage", 3, StartPosition.Earliest);
        var received = await consumer.ConsumeExactlyAsync(60, Patience);
        var status = await consumer.GetStatusAsync();
        var downBroker = status[0].Leader!.Value;
        var stalled = status.Where(s => s.Leader == downBroker).Select(s => s.Partition.Partition).ToHashSet();

        await _cluster.SetBrokerDownAsync(downBroker);
        await ProduceToLiveLeadersAsync("outage", 3, stalled, 20, 20);
        var whileDown = await consumer.ConsumeExactlyAsync(20 * (3 - stalled.Count), Patience);
        Assert.All(whileDown, r => Assert.DoesNotContain(r.Partition, stalled));

        await _cluster.SetBrokerUpAsync(downBroker);
        await ProduceToPartitionsAsync("outage", stalled, 20, 20);
        var afterwards = await consumer.ConsumeExactlyAsync(20 * stalled.Count, Patience);

        AssertEachOffsetOnce(received.Concat(whileDown).Concat(afterwards).ToList(), partitions: 3, perPartition: 40);
    }

    [Fact]
    public async Task Records_deleted_below_the_position_reset_it_to_the_earliest_and_reading_goes_on()
    {
        await _cluster.CreateTopicAsync("deleted", 1);
        await ProduceAsync("deleted", 1, 0, 30);
        await _cluster.DeleteRecordsAsync("deleted", 0, 20);
        await using var consumer = await StartAsync("deleted", 1, StartPosition.AtOffset(5));

        var received = await consumer.ConsumeExactlyAsync(10, Patience);

        Assert.Equal(Enumerable.Range(20, 10).Select(i => (long)i), received.Select(r => r.Offset));
        Assert.True(consumer.Events.TryRead(out var reset));
        var positionReset = Assert.IsType<FetchEvent.PositionReset>(reset);
        Assert.Equal(5, positionReset.From);
        Assert.Equal(20, positionReset.To);
    }

    [Fact]
    public async Task Injected_fetch_errors_delay_but_lose_and_repeat_nothing()
    {
        await _cluster.CreateTopicAsync("injected", 3);
        await ProduceAsync("injected", 3, 0, 30);
        await _cluster.PushRequestErrorsAsync((short)ApiKey.Fetch,
            (short)ErrorCode.NotLeaderOrFollower, (short)ErrorCode.UnknownTopicOrPartition, (short)ErrorCode.RequestTimedOut,
            (short)ErrorCode.FencedLeaderEpoch, (short)ErrorCode.KafkaStorageError, 9999);
        await using var consumer = await StartAsync("injected", 3, StartPosition.Earliest);

        var received = await consumer.ConsumeExactlyAsync(90, Patience);

        AssertEachOffsetOnce(received, partitions: 3, perPartition: 30);
        Assert.Empty(await consumer.ConsumeRestAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_batch_with_a_wrong_crc_fails_its_partition_with_an_error_naming_the_offset()
    {
        await _cluster.CreateTopicAsync("corrupt", 1);
        await ProduceAsync("corrupt", 1, 0, 5);
        await CorruptProducer.ProduceCorruptBatchAsync(_metadata, "corrupt", 0, count: 5);
        await ProduceAsync("corrupt", 1, 10, 5);
        await using var consumer = await StartAsync("corrupt", 1, StartPosition.Earliest);

        var first = await consumer.ConsumeExactlyAsync(5, Patience);
        var failure = await Assert.ThrowsAsync<CorruptBatchException>(() => consumer.ConsumeAsync(10, TimeSpan.FromSeconds(10)));

        Assert.Equal(Enumerable.Range(0, 5).Select(i => (long)i), first.Select(r => r.Offset));
        Assert.Contains("corrupt-0", failure.Message);
        Assert.Contains("5", failure.Message);
        Assert.IsType<FetchEvent.PartitionFailed>(await consumer.Events.ReadAsync());
    }

    [Fact]
    public async Task With_skipping_on_a_corrupt_batch_is_reported_and_reading_goes_on_past_it()
    {
        await _cluster.CreateTopicAsync("skipped", 1);
        await ProduceAsync("skipped", 1, 0, 5);
        await CorruptProducer.ProduceCorruptBatchAsync(_metadata, "skipped", 0, count: 5);
        await ProduceAsync("skipped", 1, 10, 5);
        await using var consumer = await StartAsync("skipped", 1, StartPosition.Earliest, Settings with { SkipCorruptBatches = true });

        var received = await consumer.ConsumeExactlyAsync(10, Patience);

        Assert.Equal([0, 1, 2, 3, 4, 10, 11, 12, 13, 14], received.Select(r => r.Offset));
        Assert.IsType<FetchEvent.BatchSkipped>(await consumer.Events.ReadAsync());
    }

    [Fact]
    public async Task With_a_single_fetch_slot_partitions_on_three_brokers_take_turns_and_all_are_read()
    {
        await _cluster.CreateTopicAsync("slots", 6);
        await ProduceAsync("slots", 6, 0, 40);
        await using var consumer = await StartAsync("slots", 6, StartPosition.Earliest, Settings with { MaxConcurrentFetches = 1 });

        var received = await consumer.ConsumeExactlyAsync(240, Patience);

        AssertEachOffsetOnce(received, partitions: 6, perPartition: 40);
        Assert.Equal(3, (await consumer.GetStatusAsync()).Select(s => s.Leader).Distinct().Count());
    }

    [Fact]
    public async Task A_consumer_that_does_not_drain_holds_at_most_the_queued_bound_plus_one_batch_per_partition()
    {
        const int bound = 50;
        const int batch = 10;
        await _cluster.CreateTopicAsync("slow", 3);
        for (var b = 0; b < 30; b++)
            await ProduceAsync("slow", 3, b * batch, batch);
        await using var consumer = await StartAsync("slow", 3, StartPosition.Earliest, Settings.WithQueuedMaxMessages(bound));

        // Buffers fill to the bound and fetching stops there, although 300 records wait in each partition.
        await AwaitAssertAsync(async () => Assert.All(await consumer.GetStatusAsync(), s => Assert.True(s.Buffered >= bound)), Patience);
        var full = await consumer.GetStatusAsync();
        Assert.All(full, s => Assert.InRange(s.Buffered, bound, bound + batch - 1));
        Assert.All(full, s => Assert.Equal(s.Buffered, s.FetchPosition));

        // Draining some makes room: fetching resumes, and again stops at the bound.
        var drained = await consumer.ConsumeExactlyAsync(3 * bound, Patience);
        await AwaitAssertAsync(async () => Assert.All(await consumer.GetStatusAsync(), s => Assert.True(s.Buffered >= bound || s.FetchPosition == 300)), Patience);
        var refilled = await consumer.GetStatusAsync();
        Assert.All(refilled, s => Assert.InRange(s.Buffered, 0, bound + batch - 1));
        Assert.Equal(3 * bound, drained.Count);
    }

    private Task<StaticAssignmentConsumer> StartAsync(string topic, int partitions, StartPosition start, FetchSettings? settings = null) =>
        StaticAssignmentConsumer.StartAsync(Sys, _cluster.BootstrapServers, Consuming.AllPartitions(topic, partitions, start), settings ?? Settings);

    private Task ProduceAsync(string topic, int partitions, int firstIndex, int count) =>
        ProduceToPartitionsAsync(topic, Enumerable.Range(0, partitions).ToHashSet(), firstIndex, count);

    private async Task ProduceToPartitionsAsync(string topic, IReadOnlySet<int> partitions, int firstIndex, int count)
    {
        var batch = partitions.ToDictionary(p => p, p => (IReadOnlyList<ProduceRecord>)Enumerable.Range(firstIndex, count)
            .Select(i => new ProduceRecord(BitConverter.GetBytes(i), Encoding.UTF8.GetBytes($"{topic}/{p}/{i}"), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
            .ToList());
        await TestProducer.ProduceAsync(_metadata, topic, batch, CompressionCodec.None);
    }

    private Task ProduceToLiveLeadersAsync(string topic, int partitions, IReadOnlySet<int> stalled, int firstIndex, int count) =>
        ProduceToPartitionsAsync(topic, Enumerable.Range(0, partitions).Where(p => !stalled.Contains(p)).ToHashSet(), firstIndex, count);

    private static void AssertEachOffsetOnce(IReadOnlyList<ConsumedRecord> received, int partitions, int perPartition)
    {
        var byPartition = received.ByPartition();
        Assert.Equal(partitions, byPartition.Count);
        foreach (var (partition, records) in byPartition)
        {
            Assert.Equal(Enumerable.Range(0, perPartition).Select(i => (long)i), records.Select(r => r.Offset));
            Assert.All(records, r => Assert.StartsWith($"{r.Topic}/{partition}/", Encoding.UTF8.GetString(r.Value!)));
        }
    }
}
