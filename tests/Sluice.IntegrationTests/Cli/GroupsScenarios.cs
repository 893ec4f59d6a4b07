using System.Text.Json;
using Sluice.Cli;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Cli;

/// <summary>
/// <c>sluice groups</c> on brokers that answer ListGroups and DescribeGroups: Kafka 0.9 (v0 of both) and current
/// Kafka. librdkafka's mock does not implement them (see <see cref="GroupsOnMockCluster"/>).
/// </summary>
public abstract class GroupsScenarios(IKafkaTestCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    /// <summary>The cluster under test.</summary>
    protected IKafkaTestCluster Cluster { get; } = cluster;

    /// <summary>The state of a group whose members have all left: Empty, or Dead before Kafka 0.10.1 (which still keeps its offsets).</summary>
    protected abstract string MemberlessState { get; }

    [ScenarioFact]
    public async Task Groups_describe_shows_members_committed_offsets_and_lag_after_a_consume()
    {
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, partitions: 3);
        var group = settings.GroupId;
        await Groups.ProduceAsync(Cluster, topic, partitions: 3, perPartition: 10, firstIndex: 0);
        using var config = ConsumerConfigFile.Create(TimeSpan.FromSeconds(6));
        string[] consume = ["consume", "--bootstrap", Cluster.BootstrapServers, "--group", group, "--topic", topic, "--config", config.Path];

        var first = await RunAsync([.. consume, "--max-messages", "15"]);
        Assert.True(first.ExitCode == 0, first.ToString());

        // The group has committed 15 of 30 records, so at least one partition is part-way, and it has no members.
        var idle = await DescribeAsync(group);
        Assert.Equal(MemberlessState, idle.GetProperty("state").GetString());
        Assert.Empty(idle.GetProperty("members").EnumerateArray());
        var partitions = idle.GetProperty("partitions").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2], partitions.Select(p => p.GetProperty("partition").GetInt32()));
        Assert.All(partitions, p => Assert.Equal(topic, p.GetProperty("topic").GetString()));
        Assert.All(partitions, p => Assert.Equal(10, p.GetProperty("log_end").GetInt64()));
        var committed = partitions.Where(p => p.GetProperty("committed").ValueKind == JsonValueKind.Number).ToList();
        Assert.Equal(15, committed.Sum(p => p.GetProperty("committed").GetInt64()));
        Assert.All(committed, p => Assert.Equal(10 - p.GetProperty("committed").GetInt64(), p.GetProperty("lag").GetInt64()));
        Assert.All(partitions.Except(committed), p => Assert.Equal(JsonValueKind.Null, p.GetProperty("lag").ValueKind));
        Assert.Equal(committed.Sum(p => p.GetProperty("lag").GetInt64()), idle.GetProperty("total_lag").GetInt64());
        Assert.Contains(committed, p => p.GetProperty("lag").GetInt64() > 0);

        // A running member reads the rest; the group shows it holding every partition and, once it commits, no lag.
        using var stop = new CancellationTokenSource();
        var running = CliRun.Start(consume, interrupt: stop.Token);
        try
        {
            await running.Out.WaitForAsync(lines => lines.Count >= 15, Patience, "the member to print the 15 records left");
            var busy = await DescribeUntilAsync(group, d => d.GetProperty("partitions").EnumerateArray().All(p => p.GetProperty("lag").ValueKind == JsonValueKind.Number && p.GetProperty("lag").GetInt64() == 0), "the member's commits to clear the lag");

            Assert.Equal("Stable", busy.GetProperty("state").GetString());
            Assert.Equal("consumer", busy.GetProperty("protocol_type").GetString());
            Assert.Equal("range", busy.GetProperty("protocol").GetString());
            var member = Assert.Single(busy.GetProperty("members").EnumerateArray());
            Assert.Equal("sluice", member.GetProperty("client_id").GetString());
            Assert.Equal([topic], member.GetProperty("subscription").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal([0, 1, 2], member.GetProperty("partitions").EnumerateArray().Select(p => p.GetProperty("partition").GetInt32()));
            var memberId = member.GetProperty("member_id").GetString();
            Assert.All(busy.GetProperty("partitions").EnumerateArray(), p =>
            {
                Assert.Equal(10, p.GetProperty("committed").GetInt64());
                Assert.Equal(0, p.GetProperty("lag").GetInt64());
                Assert.Equal(memberId, p.GetProperty("member_id").GetString());
            });

            var text = await RunAsync("groups", "describe", "--bootstrap", Cluster.BootstrapServers, "--group", group);
            Assert.True(text.ExitCode == 0, text.ToString());
            Assert.StartsWith($"Group '{group}': state Stable, protocol consumer/range", text.OutLines[0]);
            Assert.Contains("Members: 1", text.OutLines);
            Assert.Contains("Partitions: 3, total lag 0", text.OutLines);

            var list = await RunAsync("groups", "list", "--bootstrap", Cluster.BootstrapServers, "--format", "json");
            Assert.True(list.ExitCode == 0, list.ToString());
            var listed = JsonDocument.Parse(list.Out.Text).RootElement.EnumerateArray().Single(g => g.GetProperty("group").GetString() == group);
            Assert.Equal("consumer", listed.GetProperty("protocol_type").GetString());
            Assert.Equal(busy.GetProperty("coordinator").GetProperty("id").GetInt32(), listed.GetProperty("coordinator").GetInt32());
        }
        finally
        {
            await stop.CancelAsync();
            var stopped = await running.Completion.WaitAsync(Patience);
            Assert.True(stopped.ExitCode == 0, stopped.ToString());
        }
    }

    private async Task<JsonElement> DescribeAsync(string group)
    {
        var run = await RunAsync("groups", "describe", "--bootstrap", Cluster.BootstrapServers, "--group", group, "--format", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Out.Text).RootElement.Clone();
    }

    // The describe output is polled: the broker is the only one who knows when a commit has landed.
    private async Task<JsonElement> DescribeUntilAsync(string group, Func<JsonElement, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var description = await DescribeAsync(group);
            if (condition(description))
                return description;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {Patience.TotalSeconds:0} s for {what}; last described as {description}");
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    private async Task<CliResult> RunAsync(params string[] args)
    {
        var result = await CliRun.RunAsync(args);
        output.WriteLine($"sluice {string.Join(' ', args)}: {result}");
        return result;
    }
}

/// <summary><c>sluice groups</c> on Apache Kafka 0.9.0.1 (ListGroups v0, DescribeGroups v0, OffsetFetch v1).</summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class GroupsOnLegacyKafka(LegacyKafkaFixture fixture, ITestOutputHelper output) : GroupsScenarios(fixture.Cluster, output)
{
    /// <inheritdoc />
    protected override string MemberlessState => "Dead";
}

/// <summary><c>sluice groups</c> on a current Apache Kafka in Docker.</summary>
[Collection(TestcontainersCollection.Name)]
[RunsOn(TestBrokerBackend.Testcontainers)]
public sealed class GroupsOnTestcontainers(TestcontainersFixture fixture, ITestOutputHelper output) : GroupsScenarios(fixture.Cluster, output)
{
    /// <inheritdoc />
    protected override string MemberlessState => "Empty";
}

/// <summary><c>sluice groups</c> on librdkafka's mock, which implements neither ListGroups nor DescribeGroups.</summary>
[Collection(MockClusterCollection.Name)]
[RunsOn(TestBrokerBackend.MockCluster)]
public sealed class GroupsOnMockCluster(MockClusterFixture fixture)
{
    [ScenarioFact]
    public async Task Groups_list_on_a_broker_without_list_groups_fails_with_one_line_naming_the_request()
    {
        var run = await CliRun.RunAsync("groups", "list", "--bootstrap", fixture.Cluster.BootstrapServers);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        var line = Assert.Single(run.ErrLines);
        Assert.StartsWith("sluice groups: ", line);
        Assert.Contains("ListGroups", line);
    }
}
