using System.Text;
using System.Text.Json;
using Sluice.Cli;
using Sluice.Cli.Producing;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Cli;

/// <summary><c>sluice produce</c> end to end, read back with <c>sluice consume</c>, on every broker backend.</summary>
public abstract class ProduceScenarios(IKafkaTestCluster cluster, ITestOutputHelper output)
{
    /// <summary>The cluster under test.</summary>
    protected IKafkaTestCluster Cluster { get; } = cluster;

    /// <summary>The codecs the broker takes.</summary>
    protected abstract IReadOnlyList<string> Codecs { get; }

    /// <summary>The session timeout for the consume runs that read back (see <see cref="ConsumerConfigFile"/>).</summary>
    protected abstract TimeSpan QuickSessionTimeout { get; }

    [ScenarioFact]
    public async Task Produce_count_writes_generated_records_with_every_codec_and_consume_reads_each_back()
    {
        const int count = 30;
        const int size = 20;
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, partitions: 3);

        foreach (var codec in Codecs)
        {
            var produced = await RunAsync("produce", "--bootstrap", Cluster.BootstrapServers, "--topic", topic, "--count", count.ToString(), "--size", size.ToString(),
                "--compression", codec, "--key-prefix", codec + "-");
            Assert.True(produced.ExitCode == 0, produced.ToString());
            var summary = Assert.Single(produced.OutLines);
            Assert.StartsWith($"produced {count} record(s), {count * size} value bytes to '{topic}' (3 partitions, compression {codec})", summary);
        }

        var records = await ConsumeAsync(topic, settings.GroupId, count * Codecs.Count);

        foreach (var codec in Codecs)
        {
            var ofCodec = records.Where(r => r.Key!.StartsWith(codec + "-", StringComparison.Ordinal)).ToList();
            Assert.Equal(count, ofCodec.Count);
            foreach (var record in ofCodec)
            {
                var index = int.Parse(record.Key![(codec.Length + 1)..]);
                Assert.Equal(index.ToString().PadRight(size, '.'), record.Value);
                Assert.Equal(KeyPartitioner.PartitionOf(Encoding.UTF8.GetBytes(record.Key), 3), record.Partition);
            }
        }
    }

    [ScenarioFact]
    public async Task Produce_writes_one_record_per_line_of_stdin_round_robin_over_the_partitions()
    {
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, partitions: 2);
        string[] lines = ["alpha", "beta ü", "", "gamma"];

        var produced = await CliRun.RunAsync(["produce", "--bootstrap", Cluster.BootstrapServers, "--topic", topic], stdin: string.Join("\n", lines) + "\n");
        output.WriteLine(produced.ToString());

        Assert.True(produced.ExitCode == 0, produced.ToString());
        Assert.StartsWith($"produced 4 record(s), {Encoding.UTF8.GetByteCount(string.Concat(lines))} value bytes to '{topic}'", Assert.Single(produced.OutLines));
        var records = await ConsumeAsync(topic, settings.GroupId, lines.Length);
        Assert.Equal(lines.Order(), records.Select(r => r.Value).Order());
        Assert.All(records, r => Assert.Null(r.Key));
        Assert.Equal(["alpha", ""], records.Where(r => r.Partition == 0).OrderBy(r => r.Offset).Select(r => r.Value));
        Assert.Equal(["beta ü", "gamma"], records.Where(r => r.Partition == 1).OrderBy(r => r.Offset).Select(r => r.Value));
    }

    /// <summary>Runs a command in-process and logs what it printed.</summary>
    protected async Task<CliResult> RunAsync(params string[] args)
    {
        var result = await CliRun.RunAsync(args);
        output.WriteLine($"sluice {string.Join(' ', args)}: {result}");
        return result;
    }

    private async Task<IReadOnlyList<(int Partition, long Offset, string? Key, string? Value)>> ConsumeAsync(string topic, string group, int count)
    {
        using var config = ConsumerConfigFile.Create(QuickSessionTimeout);
        var consumed = await CliRun.RunAsync("consume", "--bootstrap", Cluster.BootstrapServers, "--group", group, "--topic", topic, "--max-messages", count.ToString(), "--config", config.Path);
        Assert.True(consumed.ExitCode == 0, consumed.ToString());
        Assert.Equal(count, consumed.OutLines.Count);
        return consumed.OutLines.Select(line =>
        {
            var json = JsonDocument.Parse(line).RootElement;
            return (json.GetProperty("partition").GetInt32(), json.GetProperty("offset").GetInt64(), json.GetProperty("key").GetString(), json.GetProperty("value").GetString());
        }).ToList();
    }
}

/// <summary><c>sluice produce</c> on librdkafka's mock cluster, zstd included.</summary>
[Collection(MockClusterCollection.Name)]
[RunsOn(TestBrokerBackend.MockCluster)]
public sealed class ProduceOnMockCluster(MockClusterFixture fixture, ITestOutputHelper output) : ProduceScenarios(fixture.Cluster, output)
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Codecs => ["none", "gzip", "snappy", "lz4", "zstd"];

    /// <inheritdoc />
    protected override TimeSpan QuickSessionTimeout => TimeSpan.FromSeconds(3);
}

/// <summary><c>sluice produce</c> on Apache Kafka 0.9.0.1 (message sets, no zstd).</summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class ProduceOnLegacyKafka(LegacyKafkaFixture fixture, ITestOutputHelper output) : ProduceScenarios(fixture.Cluster, output)
{
    /// <inheritdoc />
    protected override IReadOnlyList<string> Codecs => ["none", "gzip", "snappy", "lz4"];

    /// <inheritdoc />
    protected override TimeSpan QuickSessionTimeout => TimeSpan.FromSeconds(6);

    [ScenarioFact]
    public async Task Produce_with_zstd_fails_with_one_line_saying_the_broker_is_too_old()
    {
        var (topic, _) = await Groups.NewGroupAsync(Cluster, partitions: 1);

        var run = await RunAsync("produce", "--bootstrap", Cluster.BootstrapServers, "--topic", topic, "--count", "1", "--compression", "zstd");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var line = Assert.Single(run.ErrLines);
        Assert.StartsWith("sluice produce: zstd needs Kafka 2.1 or later", line);
    }
}
