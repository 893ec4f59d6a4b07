using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sluice.Cli;
using Sluice.Cluster;
using Sluice.Group;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Protocol.Records;
using Sluice.Settings;
using Sluice.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Cli;

/// <summary><c>sluice consume</c> end to end, on every broker backend.</summary>
public abstract class ConsumeScenarios(IKafkaTestCluster cluster, ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private readonly ITestOutputHelper _output = output;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private static readonly byte[] NotUtf8 = [0xff, 0xfe, 0x00, 0x80, 0xc3];

    /// <summary>The cluster under test.</summary>
    protected IKafkaTestCluster Cluster { get; } = cluster;

    /// <summary>Whether the broker stores record headers and timestamps (Kafka 0.11+ record batches; not Kafka 0.9).</summary>
    protected abstract bool HasHeadersAndTimestamps { get; }

    /// <summary>The session timeout of runs that do not test timing: short on the mock, whose next join after a member
    /// leaves waits for it; Kafka 0.9 accepts nothing under 6 s.</summary>
    protected abstract TimeSpan QuickSessionTimeout { get; }

    /// <summary>
    /// The longest a member may take to hold every partition after the other member was interrupted with
    /// <paramref name="sessionTimeout"/>: shorter than a crashed member would cost, which is the session timeout before
    /// the group even notices.
    /// </summary>
    protected abstract TimeSpan TakeoverLimit(TimeSpan sessionTimeout);

    [ScenarioFact]
    public async Task Consume_prints_every_record_as_json_and_a_second_run_prints_nothing_new()
    {
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, partitions: 3);
        var produced = await ProduceKnownRecordsAsync(topic);
        using var config = ConsumerConfigFile.Create(QuickSessionTimeout);
        string[] args = ["consume", "--bootstrap", Cluster.BootstrapServers, "--group", settings.GroupId, "--topic", topic, "--config", config.Path];

        var first = await RunAsync([.. args, "--max-messages", produced.Count.ToString(), "--format", "jsonl"]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(produced.Count, first.OutLines.Count);
        var printed = first.OutLines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        foreach (var json in printed)
        {
            Assert.Equal(topic, json.GetProperty("topic").GetString());
            var expected = produced[(json.GetProperty("partition").GetInt32(), json.GetProperty("offset").GetInt64())];
            AssertBytes(expected.Key, json, "key");
            AssertBytes(expected.Value, json, "value");
            var headers = json.GetProperty("headers").EnumerateArray().ToList();
            Assert.Equal(expected.Headers.Count, headers.Count);
            for (var i = 0; i < headers.Count; i++)
            {
                Assert.Equal(expected.Headers[i].Key, headers[i].GetProperty("key").GetString());
                AssertBytes(expected.Headers[i].Value, headers[i], "value");
            }

            if (HasHeadersAndTimestamps)
                Assert.Equal(expected.TimestampMs, json.GetProperty("timestamp").GetInt64());
            else
                Assert.Equal(JsonValueKind.Null, json.GetProperty("timestamp").ValueKind);
        }

        Assert.Equal(produced.Count, printed.Select(j => (j.GetProperty("partition").GetInt32(), j.GetProperty("offset").GetInt64())).Distinct().Count());

        var second = await RunAsync([.. args, "--idle-timeout", "1500"]);

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Empty(second.OutLines);
        Assert.Contains(second.ErrLines, l => l.Contains("joined group"));
    }

    [ScenarioFact]
    public async Task Consume_without_commits_prints_text_lines_and_leaves_the_committed_offsets_alone()
    {
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, partitions: 2);
        await Groups.ProduceAsync(Cluster, topic, partitions: 2, perPartition: 5, firstIndex: 0);
        using var config = ConsumerConfigFile.Create(QuickSessionTimeout);

        var run = await RunAsync("consume", "--bootstrap", Cluster.BootstrapServers, "--group", settings.GroupId, "--topic", topic,
            "--max-messages", "10", "--format", "text", "--no-commit", "--config", config.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        var expected = Enumerable.Range(0, 2).SelectMany(p => Enumerable.Range(0, 5).Select(i => $"{topic}-{p}@{i}\t(null)\t{p}/{i}")).Order();
        Assert.Equal(expected, run.OutLines.Order());
        await using var metadata = Cluster.OpenMetadata();
        for (var p = 0; p < 2; p++)
            Assert.Equal(-1, await Groups.CommittedOffsetAsync(metadata, settings.GroupId, new TopicPartition(topic, p)));
    }

    [ScenarioFact]
    public async Task Ctrl_c_commits_what_was_printed_and_leaves_so_the_other_member_takes_over_before_the_session_timeout()
    {
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, partitions: 4);
        await Groups.ProduceAsync(Cluster, topic, partitions: 4, perPartition: 10, firstIndex: 0);
        using var config = ConsumerConfigFile.Create(settings.SessionTimeout);
        await using var child = CliChildProcess.Start("consume", "--bootstrap", Cluster.BootstrapServers, "--group", settings.GroupId, "--topic", topic, "--config", config.Path);
        await child.Out.WaitForAsync(lines => lines.Count >= 40, Patience, "the child to print all 40 records");

        // Its commits land before the other member joins, so the rebalance does not hand it anything to read again.
        await using (var metadata = Cluster.OpenMetadata())
        {
            await AwaitAssertAsync(async () =>
            {
                for (var p = 0; p < 4; p++)
                    Assert.Equal(10, await Groups.CommittedOffsetAsync(metadata, settings.GroupId, new TopicPartition(topic, p)));
            }, Patience, TimeSpan.FromMilliseconds(200));
        }

        await using var other = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("other"));
        await AwaitAssertAsync(async () =>
        {
            var state = await other.GetStateAsync();
            Assert.Equal(MemberState.Stable, state.State);
            Assert.InRange(state.Assignment.Count, 1, 3);
        }, Patience, TimeSpan.FromMilliseconds(100));
        await child.Err.WaitForAsync(lines => lines.Count(l => l.Contains("joined group")) >= 2, Patience, "the child to rejoin with the other member");

        var interrupted = Stopwatch.StartNew();
        child.Interrupt();
        var exitCode = await child.WaitForExitAsync(Patience);
        Assert.True(exitCode == 0, $"exit {exitCode}\n{child.Err.Text}");
        Assert.Contains(child.Err.Lines, l => l.Contains("stopped (interrupted)") && l.Contains("left group"));

        await AwaitAssertAsync(async () =>
        {
            var state = await other.GetStateAsync();
            Assert.Equal(MemberState.Stable, state.State);
            Assert.Equal(4, state.Assignment.Count);
        }, Patience, TimeSpan.FromMilliseconds(50));
        var tookOver = interrupted.Elapsed;

        Assert.True(tookOver < TakeoverLimit(settings.SessionTimeout), $"took {tookOver.TotalSeconds:0.0} s, session timeout {settings.SessionTimeout.TotalSeconds:0} s");
        Assert.Equal(40, child.Out.Lines.Count);
        Assert.All(await other.GetHeldOffsetsAsync(), held => Assert.Equal(10, held.Value));
    }

    [ScenarioFact]
    public async Task Consume_from_latest_skips_what_was_there_before_the_group_existed()
    {
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, partitions: 2);
        await Groups.ProduceAsync(Cluster, topic, partitions: 2, perPartition: 5, firstIndex: 0);
        using var config = ConsumerConfigFile.Create(QuickSessionTimeout);

        var run = await RunAsync("consume", "--bootstrap", Cluster.BootstrapServers, "--group", settings.GroupId, "--topic", topic, "--from", "latest", "--idle-timeout", "1000", "--config", config.Path);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.OutLines);
    }

    /// <summary>Runs a command in-process and logs what it printed on stderr.</summary>
    [ScenarioFact]
    public async Task Consume_by_pattern_prints_the_records_of_every_matching_topic_and_of_no_other()
    {
        var prefix = $"c{Guid.NewGuid():N}"[..12];
        foreach (var topic in new[] { $"{prefix}-a", $"{prefix}-b", $"x{prefix}-a" })
        {
            await Cluster.CreateTopicAsync(topic, 1);
            await Groups.ProduceAsync(Cluster, topic, partitions: 1, perPartition: 3, firstIndex: 0);
        }

        using var config = ConsumerConfigFile.Create(QuickSessionTimeout);
        var run = await RunAsync("consume", "--bootstrap", Cluster.BootstrapServers, "--group", $"g-{prefix}", "--topic-pattern", $"{prefix}-.*",
            "--config", config.Path, "--idle-timeout", "3000");

        Assert.True(run.ExitCode == 0, run.ToString());
        var topics = run.OutLines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("topic").GetString()).ToList();
        Assert.Equal([$"{prefix}-a", $"{prefix}-a", $"{prefix}-a", $"{prefix}-b", $"{prefix}-b", $"{prefix}-b"], topics.Order());
    }

    protected async Task<CliResult> RunAsync(params string[] args)
    {
        var clock = Stopwatch.StartNew();
        var result = await CliRun.RunAsync(args);
        _output.WriteLine($"sluice {string.Join(' ', args)}: exit {result.ExitCode} after {clock.Elapsed.TotalSeconds:0.0} s, {result.OutLines.Count} line(s) out\n{result.Err.Text}");
        return result;
    }

    private async Task<Dictionary<(int Partition, long Offset), ProduceRecord>> ProduceKnownRecordsAsync(string topic)
    {
        var timestamp = 1_700_000_000_000L;
        IReadOnlyList<RecordHeader>? Headers(params RecordHeader[] headers) => HasHeadersAndTimestamps ? headers : null;
        var byPartition = new Dictionary<int, IReadOnlyList<ProduceRecord>>
        {
            [0] =
            [
                new(Encoding.UTF8.GetBytes("key-ü"), Encoding.UTF8.GetBytes("text with \"quotes\", a tab\tand ü"), timestamp, Headers(new("trace", Encoding.UTF8.GetBytes("abc")), new("raw", NotUtf8))),
                new(null, Encoding.UTF8.GetBytes("no key"), timestamp + 1),
            ],
            [1] =
            [
                new(NotUtf8, NotUtf8, timestamp + 2),
                new(Encoding.UTF8.GetBytes("k"), [], timestamp + 3, Headers(new("empty", []), new("none", null))),
            ],
            [2] =
            [
                new(Encoding.UTF8.GetBytes("tombstone"), null, timestamp + 4),
                new(Encoding.UTF8.GetBytes("{\"json\": true}"), Encoding.UTF8.GetBytes("line\nbreak"), timestamp + 5),
            ],
        };
        await using var metadata = Cluster.OpenMetadata();
        var baseOffsets = await TestProducer.ProduceAsync(metadata, topic, byPartition);
        return byPartition.SelectMany(p => p.Value.Select((record, i) => (Key: (p.Key, baseOffsets[p.Key] + i), Record: record)))
            .ToDictionary(x => x.Key, x => x.Record);
    }

    private static void AssertBytes(byte[]? expected, JsonElement json, string name)
    {
        if (expected is null)
        {
            Assert.Equal(JsonValueKind.Null, json.GetProperty(name).ValueKind);
            return;
        }

        if (json.TryGetProperty(name + "_base64", out var base64))
        {
            Assert.False(json.TryGetProperty(name, out _), $"{name} and {name}_base64 both present");
            Assert.Equal(expected, base64.GetBytesFromBase64());
            Assert.False(System.Text.Unicode.Utf8.IsValid(expected), $"{name} is valid UTF-8 but was printed as base64");
        }
        else
        {
            Assert.Equal(Encoding.UTF8.GetString(expected), json.GetProperty(name).GetString());
            Assert.True(System.Text.Unicode.Utf8.IsValid(expected));
        }
    }
}

/// <summary><c>sluice consume</c> on librdkafka's mock cluster.</summary>
[Collection(MockClusterCollection.Name)]
[RunsOn(TestBrokerBackend.MockCluster)]
public sealed class ConsumeOnMockCluster(MockClusterFixture fixture, ITestOutputHelper output) : ConsumeScenarios(fixture.Cluster, output)
{
    /// <inheritdoc />
    protected override bool HasHeadersAndTimestamps => true;

    /// <inheritdoc />
    protected override TimeSpan QuickSessionTimeout => TimeSpan.FromSeconds(3);

    // The mock holds a rejoin after a member leaves for the session timeout minus 1 s (rdkafka_mock_cgrp.c); a crashed
    // member would cost the session timeout on top of that.
    /// <inheritdoc />
    protected override TimeSpan TakeoverLimit(TimeSpan sessionTimeout) => sessionTimeout * 1.5;

    // Kafka 0.9 creates a topic on first sight (auto.create.topics.enable); Metadata v4+ can ask it not to.
    [ScenarioFact]
    public async Task Consume_of_a_topic_that_does_not_exist_fails_with_one_line_naming_it()
    {
        var topic = "no-such-topic-" + Guid.NewGuid().ToString("N")[..8];

        var run = await RunAsync("consume", "--bootstrap", Cluster.BootstrapServers, "--group", "g", "--topic", topic, "--max-messages", "1");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var line = Assert.Single(run.ErrLines);
        Assert.StartsWith("sluice consume: ", line);
        Assert.Contains($"'{topic}' does not exist", line);
    }
}

/// <summary><c>sluice consume</c> on Apache Kafka 0.9.0.1: no headers or timestamps, the 0.9 group protocol.</summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class ConsumeOnLegacyKafka(LegacyKafkaFixture fixture, ITestOutputHelper output) : ConsumeScenarios(fixture.Cluster, output)
{
    /// <inheritdoc />
    protected override bool HasHeadersAndTimestamps => false;

    /// <inheritdoc />
    protected override TimeSpan QuickSessionTimeout => TimeSpan.FromSeconds(6);

    /// <inheritdoc />
    protected override TimeSpan TakeoverLimit(TimeSpan sessionTimeout) => sessionTimeout / 2;
}
