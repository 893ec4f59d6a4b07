using System.Text.RegularExpressions;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Cli;

/// <summary><c>sluice bench consume</c>, the line any benchmark harness can read, on every broker backend.</summary>
public abstract partial class BenchScenarios(IKafkaTestCluster cluster)
{
    /// <summary>The cluster under test.</summary>
    protected IKafkaTestCluster Cluster { get; } = cluster;

    [ScenarioFact]
    public async Task Bench_consume_reads_exactly_n_records_and_ends_with_one_result_line()
    {
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, partitions: 3);
        await Groups.ProduceAsync(Cluster, topic, partitions: 3, perPartition: 200, firstIndex: 0);

        var run = await CliRun.RunAsync("bench", "consume", "--bootstrap", Cluster.BootstrapServers, "--topic", topic, "--group", settings.GroupId, "--count", "500");

        Assert.True(run.ExitCode == 0, run.ToString());
        var result = ResultLine().Match(Assert.Single(run.OutLines));
        Assert.True(result.Success, run.ToString());
        Assert.Equal(500, long.Parse(result.Groups["msgs"].Value));

        // Values read "partition/index": the 500 records hold 500 such values, none of them over 7 bytes.
        Assert.InRange(long.Parse(result.Groups["bytes"].Value), 500 * 3, 500 * 7);
        var first = long.Parse(result.Groups["first"].Value);
        var last = long.Parse(result.Groups["last"].Value);
        Assert.InRange(last - first, 0, 60_000);
        Assert.InRange(first, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [ScenarioFact]
    public async Task Bench_consume_fails_with_one_line_when_the_topic_holds_fewer_records_than_asked()
    {
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, partitions: 1);
        await Groups.ProduceAsync(Cluster, topic, partitions: 1, perPartition: 10, firstIndex: 0);

        var run = await CliRun.RunAsync("bench", "consume", "--bootstrap", Cluster.BootstrapServers, "--topic", topic, "--group", settings.GroupId, "--count", "11", "--timeout", "5");

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.OutLines);
        var error = Assert.Single(run.ErrLines);
        Assert.Contains("10 of 11 records", error);
    }

    [GeneratedRegex(@"^RESULT msgs=(?<msgs>\d+) bytes=(?<bytes>\d+) first_ms=(?<first>\d+) last_ms=(?<last>\d+)$")]
    private static partial Regex ResultLine();
}

/// <summary><c>sluice bench</c> on librdkafka's mock cluster.</summary>
[Collection(MockClusterCollection.Name)]
[RunsOn(TestBrokerBackend.MockCluster)]
public sealed class BenchOnMockCluster(MockClusterFixture fixture) : BenchScenarios(fixture.Cluster);

/// <summary><c>sluice bench</c> on Apache Kafka 0.9.0.1.</summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class BenchOnLegacyKafka(LegacyKafkaFixture fixture) : BenchScenarios(fixture.Cluster);
