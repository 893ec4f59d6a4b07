using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sluice.TestKit;
using Sluice.TestKit.Mock;
using Xunit;

namespace Sluice.IntegrationTests.TestKit;

/// <summary>
/// The MockCluster fixture, checked from the outside: Debian's kcat (a librdkafka 2.0.2 client) and raw
/// Kafka requests see what each control command did, and the host process is watched through /proc.
/// </summary>
public sealed class MockClusterTests : IDisposable
{
    private const string Kcat = "/usr/bin/kcat";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(20);

    private readonly List<string> _temporaryDirectories = [];

    /// <summary>Deletes the host copies the start-failure tests made.</summary>
    public void Dispose()
    {
        foreach (var directory in _temporaryDirectories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Three_broker_mock_lists_every_broker_in_metadata()
    {
        await using var cluster = await MockCluster.StartAsync();

        using var metadata = await MetadataAsync(cluster.BootstrapServers);

        var brokers = metadata.RootElement.GetProperty("brokers").EnumerateArray()
            .ToDictionary(broker => broker.GetProperty("id").GetInt32(), broker => broker.GetProperty("name").GetString());
        Assert.Equal([1, 2, 3], brokers.Keys.Order());
        Assert.Equal(cluster.BootstrapServers.Split(','), brokers.OrderBy(broker => broker.Key).Select(broker => broker.Value));
        Assert.Equal(3, cluster.BrokerCount);
        Assert.Equal(TestBrokerBackend.MockCluster, cluster.Backend);
    }

    [Fact]
    public async Task Topic_created_with_six_partitions_shows_six_partitions_with_leaders()
    {
        await using var cluster = await MockCluster.StartAsync();

        await cluster.CreateTopicAsync("six", partitions: 6, replicationFactor: 3);

        var leaders = await LeadersAsync(cluster.BootstrapServers, "six");
        Assert.Equal([0, 1, 2, 3, 4, 5], leaders.Keys.Order());
        Assert.All(leaders.Values, leader => Assert.InRange(leader, 1, 3));
    }

    [Fact]
    public async Task Records_produced_with_kcat_are_consumed_back_in_order()
    {
        await using var cluster = await MockCluster.StartAsync();
        await cluster.CreateTopicAsync("round-trip", partitions: 1);

        await KcatAsync("one\ntwo\nthree\n", "-b", cluster.BootstrapServers, "-P", "-t", "round-trip", "-p", "0");
        var consumed = await KcatAsync(null, "-b", cluster.BootstrapServers, "-C", "-t", "round-trip", "-p", "0", "-o", "beginning", "-e", "-q", "-f", "%o:%s\n");

        Assert.Equal(["0:one", "1:two", "2:three"], Lines(consumed));
    }

    [Fact]
    public async Task Moving_a_partition_leader_shows_the_new_leader_in_metadata()
    {
        await using var cluster = await MockCluster.StartAsync();
        await cluster.CreateTopicAsync("moving", partitions: 2, replicationFactor: 3);
        var before = await LeadersAsync(cluster.BootstrapServers, "moving");
        var newLeader = before[0] % 3 + 1;

        await cluster.SetPartitionLeaderAsync("moving", 0, newLeader);

        var after = await LeadersAsync(cluster.BootstrapServers, "moving");
        Assert.Equal(newLeader, after[0]);
        Assert.Equal(before[1], after[1]);
    }

    [Fact]
    public async Task Downed_broker_refuses_clients_until_it_is_brought_back_up()
    {
        await using var cluster = await MockCluster.StartAsync();
        var broker2 = cluster.BootstrapServers.Split(',')[1];

        await cluster.SetBrokerDownAsync(2);
        var whileDown = await RunAsync(Kcat, null, "-b", broker2, "-L", "-m", "1");
        await cluster.SetBrokerUpAsync(2);
        var afterUp = await RunAsync(Kcat, null, "-b", broker2, "-L", "-m", "1");

        Assert.NotEqual(0, whileDown.ExitCode);
        Assert.Contains("Connection refused", whileDown.Stderr);
        Assert.True(afterUp.ExitCode == 0, afterUp.Stderr);
        Assert.Contains("3 brokers", afterUp.Stdout);
    }

    [Fact]
    public async Task Deleting_records_moves_the_log_start_for_consumers()
    {
        await using var cluster = await MockCluster.StartAsync();
        await cluster.CreateTopicAsync("retention", partitions: 1);
        foreach (var value in new[] { "a", "b", "c" })
        {
            // One produce per record: the mock stores and deletes whole batches.
            await KcatAsync(value + "\n", "-b", cluster.BootstrapServers, "-P", "-t", "retention", "-p", "0");
        }

        await cluster.DeleteRecordsAsync("retention", 0, beforeOffset: 2);

        var consumed = await KcatAsync(null, "-b", cluster.BootstrapServers, "-C", "-t", "retention", "-p", "0", "-o", "beginning", "-e", "-q", "-f", "%o:%s\n");
        Assert.Equal(["2:c"], Lines(consumed));
    }

    [Fact]
    public async Task Refused_command_raises_the_librdkafka_error_and_the_host_stays_usable()
    {
        await using var cluster = await MockCluster.StartAsync();

        var refused = await Assert.ThrowsAsync<MockClusterCommandException>(() => cluster.DeleteRecordsAsync("no-such-topic", 0, 1));

        Assert.Contains("UNKNOWN_TOPIC_OR_PART", refused.HostMessage);
        Assert.Equal("2.16.0", await cluster.GetLibrdkafkaVersionAsync());
    }

    [Fact]
    public async Task Host_runs_the_bundled_librdkafka_2_16_and_not_the_system_copy()
    {
        await using var cluster = await MockCluster.StartAsync(MockClusterOptions.Default.WithBrokerCount(1));

        Assert.Equal("2.16.0", await cluster.GetLibrdkafkaVersionAsync());
        var maps = await File.ReadAllTextAsync($"/proc/{cluster.HostProcessId}/maps");
        Assert.Contains("/runtimes/linux-x64/native/", maps);
        Assert.DoesNotContain("/usr/lib/x86_64-linux-gnu/librdkafka", maps);
    }

    [Theory]
    [InlineData(true, 5, 3, 2, 2)]
    [InlineData(false, 6, 4, 4, 2)]
    public async Task Group_api_versions_the_mock_cannot_parse_are_capped_unless_disabled(
        bool cap, short joinGroupMax, short syncGroupMax, short leaveGroupMax, short apiVersionsMax)
    {
        await using var cluster = await MockCluster.StartAsync(MockClusterOptions.Default.WithBrokerCount(1).WithCapUnparsableVersions(cap));

        var versions = await ApiVersionsAsync(cluster.BootstrapServers);

        Assert.Equal((0, joinGroupMax), versions[11]);
        Assert.Equal((0, syncGroupMax), versions[14]);
        Assert.Equal((0, leaveGroupMax), versions[13]);
        Assert.Equal((0, apiVersionsMax), versions[18]);
    }

    [Fact]
    public async Task Api_version_range_can_be_narrowed_for_any_api()
    {
        await using var cluster = await MockCluster.StartAsync(MockClusterOptions.Default.WithBrokerCount(1));

        await cluster.SetApiVersionAsync(apiKey: 1, minVersion: 4, maxVersion: 11);

        Assert.Equal((4, 11), (await ApiVersionsAsync(cluster.BootstrapServers))[1]);
    }

    [Fact]
    public async Task Set_coordinator_makes_find_coordinator_answer_that_broker_for_the_group()
    {
        await using var cluster = await MockCluster.StartAsync();

        await cluster.SetCoordinatorAsync("orders group/ü", 3);

        var (errorCode, nodeId) = await FindCoordinatorAsync(cluster.BootstrapServers.Split(',')[0], "orders group/ü");
        Assert.Equal((0, 3), (errorCode, nodeId));
    }

    [Fact]
    public async Task Pushed_request_errors_fail_the_next_requests_in_order_then_clear()
    {
        await using var cluster = await MockCluster.StartAsync();
        var broker = cluster.BootstrapServers.Split(',')[0];
        const short findCoordinator = 10;

        await cluster.PushRequestErrorsAsync(findCoordinator, 15, 14);
        var first = await FindCoordinatorAsync(broker, "g");
        var second = await FindCoordinatorAsync(broker, "g");
        var third = await FindCoordinatorAsync(broker, "g");
        await cluster.PushRequestErrorsAsync(findCoordinator, new List<short> { 15, 15 });
        await cluster.ClearRequestErrorsAsync(findCoordinator);
        var afterClear = await FindCoordinatorAsync(broker, "g");

        Assert.Equal([15, 14, 0, 0], new[] { first.ErrorCode, second.ErrorCode, third.ErrorCode, afterClear.ErrorCode });
    }

    [Fact]
    public async Task Broker_rtt_delays_that_brokers_responses()
    {
        await using var cluster = await MockCluster.StartAsync();
        var broker1 = cluster.BootstrapServers.Split(',')[0];

        await cluster.SetBrokerRttAsync(1, TimeSpan.FromMilliseconds(400));
        var delayed = Stopwatch.StartNew();
        await ApiVersionsAsync(broker1);
        delayed.Stop();

        Assert.True(delayed.Elapsed >= TimeSpan.FromMilliseconds(380), $"answered after {delayed.Elapsed}");
    }

    [Fact]
    public async Task Initial_rebalance_delay_can_be_changed_on_a_running_mock()
    {
        await using var cluster = await MockCluster.StartAsync(MockClusterOptions.Default.WithBrokerCount(1).WithInitialRebalanceDelay(TimeSpan.Zero));

        await cluster.SetGroupInitialRebalanceDelayAsync(TimeSpan.FromMilliseconds(250));

        Assert.Equal(TimeSpan.Zero, cluster.Options.InitialRebalanceDelay);
    }

    [Fact]
    public async Task Concurrent_commands_each_get_their_own_answer()
    {
        await using var cluster = await MockCluster.StartAsync();
        var topics = Enumerable.Range(0, 16).Select(i => $"parallel-{i}").ToArray();

        var created = topics.Select(topic => cluster.CreateTopicAsync(topic, partitions: 1 + topic.Length % 3));
        var refused = cluster.DeleteRecordsAsync("missing", 0, 1);
        await Task.WhenAll(created);
        await Assert.ThrowsAsync<MockClusterCommandException>(() => refused);

        using var metadata = await MetadataAsync(cluster.BootstrapServers);
        var listed = metadata.RootElement.GetProperty("topics").EnumerateArray().Select(topic => topic.GetProperty("topic").GetString()!);
        Assert.Subset(topics.ToHashSet(), listed.ToHashSet());
    }

    [Fact]
    public async Task Disposing_the_cluster_leaves_no_host_process()
    {
        var cluster = await MockCluster.StartAsync(MockClusterOptions.Default.WithBrokerCount(1));
        var pid = cluster.HostProcessId;
        Assert.True(RunsMockHost(pid));

        await cluster.DisposeAsync();

        Assert.False(RunsMockHost(pid), $"process {pid} still runs the mock host");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => cluster.SetBrokerUpAsync(1));
    }

    [Fact]
    public async Task Host_killed_with_sigkill_makes_the_next_command_fail_fast()
    {
        await using var cluster = await MockCluster.StartAsync(MockClusterOptions.Default.WithBrokerCount(1));
        using (var host = Process.GetProcessById(cluster.HostProcessId))
        {
            host.Kill();
            await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }

        var elapsed = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<MockHostFailedException>(() => cluster.CreateTopicAsync("after-crash", 1));
        var again = await Assert.ThrowsAsync<MockHostFailedException>(() => cluster.SetBrokerUpAsync(1));

        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(3), $"took {elapsed.Elapsed}");
        Assert.Contains("exit code 137", failure.Message);
        Assert.Equal(failure.Reason, again.Reason);
    }

    [Fact]
    public async Task Hung_host_is_killed_when_a_command_times_out()
    {
        await using var cluster = await MockCluster.StartAsync(MockClusterOptions.Default.WithBrokerCount(1).WithCommandTimeout(TimeSpan.FromMilliseconds(500)));
        var pid = cluster.HostProcessId;
        Assert.Equal(0, (await RunAsync("kill", null, "-STOP", pid.ToString(CultureInfo.InvariantCulture))).ExitCode);

        var failure = await Assert.ThrowsAsync<MockHostFailedException>(() => cluster.CreateTopicAsync("never", 1));

        Assert.Contains("did not answer", failure.Reason);
        Assert.False(RunsMockHost(pid), $"hung host {pid} was not killed");
    }

    [Fact]
    public async Task Missing_host_reports_the_mock_backend_unavailable()
    {
        var empty = TemporaryDirectory();

        var unavailable = await Assert.ThrowsAsync<TestClusterUnavailableException>(() => MockCluster.StartAsync(MockClusterOptions.Default.WithHostDirectory(empty)));

        Assert.Equal(TestBrokerBackend.MockCluster, unavailable.Backend);
        Assert.Contains("Sluice.TestKit.MockHost.dll not found", unavailable.Reason);
    }

    [Fact]
    public async Task Host_without_librdkafka_reports_the_mock_backend_unavailable()
    {
        var bare = TemporaryDirectory();
        CopyHost(bare, runtimeConfig: null);

        var unavailable = await Assert.ThrowsAsync<TestClusterUnavailableException>(() => MockCluster.StartAsync(MockClusterOptions.Default.WithHostDirectory(bare)));

        Assert.Equal(TestBrokerBackend.MockCluster, unavailable.Backend);
        Assert.Contains("librdkafka 2.16.0", unavailable.Reason);
        Assert.Contains("not found", unavailable.Reason);
    }

    [Fact]
    public async Task Host_refuses_a_librdkafka_other_than_the_bundled_2_16()
    {
        const string systemLibrdkafka = "/usr/lib/x86_64-linux-gnu/librdkafka.so.1";
        Assert.True(File.Exists(systemLibrdkafka), $"{systemLibrdkafka} (Debian's librdkafka1) stands in for a wrong version here");
        var impostor = TemporaryDirectory();
        CopyHost(impostor, runtimeConfig: null);
        var native = Directory.CreateDirectory(Path.Combine(impostor, "runtimes", "linux-x64", "native"));
        File.CreateSymbolicLink(Path.Combine(native.FullName, "librdkafka.so"), systemLibrdkafka);

        var unavailable = await Assert.ThrowsAsync<TestClusterUnavailableException>(() => MockCluster.StartAsync(MockClusterOptions.Default.WithHostDirectory(impostor)));

        Assert.Contains("reports version", unavailable.Reason);
        Assert.Contains("expected 2.16.0", unavailable.Reason);
    }

    [Fact]
    public async Task Host_that_dies_before_ready_reports_the_mock_backend_unavailable_with_its_stderr()
    {
        var broken = TemporaryDirectory();
        CopyHost(broken, runtimeConfig: """{"runtimeOptions":{"tfm":"net99.0","rollForward":"Disable","framework":{"name":"Microsoft.NETCore.App","version":"99.0.0"}}}""");

        var elapsed = Stopwatch.StartNew();
        var unavailable = await Assert.ThrowsAsync<TestClusterUnavailableException>(() => MockCluster.StartAsync(MockClusterOptions.Default.WithHostDirectory(broken)));

        Assert.Contains("exited before reporting ready", unavailable.Reason);
        Assert.Contains("99.0.0", unavailable.Reason);
        Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(10), $"took {elapsed.Elapsed}");
    }

    private static bool RunsMockHost(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("Sluice.TestKit.MockHost", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    private static void CopyHost(string directory, string? runtimeConfig)
    {
        var source = AppContext.BaseDirectory;
        File.Copy(Path.Combine(source, "Sluice.TestKit.MockHost.dll"), Path.Combine(directory, "Sluice.TestKit.MockHost.dll"));
        var runtimeConfigPath = Path.Combine(directory, "Sluice.TestKit.MockHost.runtimeconfig.json");
        if (runtimeConfig is null)
        {
            File.Copy(Path.Combine(source, "Sluice.TestKit.MockHost.runtimeconfig.json"), runtimeConfigPath);
        }
        else
        {
            File.WriteAllText(runtimeConfigPath, runtimeConfig);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<JsonDocument> MetadataAsync(string bootstrapServers, string? topic = null)
    {
        var arguments = new List<string> { "-b", bootstrapServers, "-L", "-J", "-m", "5" };
        if (topic is not null)
        {
            arguments.AddRange(["-t", topic]);
        }

        return JsonDocument.Parse(await KcatAsync(null, [.. arguments]));
    }

    private static async Task<Dictionary<int, int>> LeadersAsync(string bootstrapServers, string topic)
    {
        using var metadata = await MetadataAsync(bootstrapServers, topic);
        var described = Assert.Single(metadata.RootElement.GetProperty("topics").EnumerateArray());
        return described.GetProperty("partitions").EnumerateArray()
            .ToDictionary(partition => partition.GetProperty("partition").GetInt32(), partition => partition.GetProperty("leader").GetInt32());
    }

    /// <summary>Runs kcat, fails the test unless it exits with 0, and returns its stdout.</summary>
    private static async Task<string> KcatAsync(string? input, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await RunAsync(Kcat, input, arguments);
        Assert.True(exitCode == 0, $"kcat {string.Join(' ', arguments)} exited with {exitCode}: {stderr}");
        return stdout;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string tool, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(ToolTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private string TemporaryDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("sluice-mock-tests-").FullName;
        _temporaryDirectories.Add(directory);
        return directory;
    }

    /// <summary>ApiVersions v0 to the first broker of <paramref name="bootstrapServers"/>: api key → (min, max).</summary>
    private static async Task<Dictionary<short, (short Min, short Max)>> ApiVersionsAsync(string bootstrapServers)
    {
        var response = await RawRequestAsync(bootstrapServers.Split(',')[0], apiKey: 18, apiVersion: 0, body: []);
        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(response));
        var count = BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(2));
        var versions = new Dictionary<short, (short, short)>();
        for (var i = 0; i < count; i++)
        {
            var entry = response.AsSpan(6 + i * 6, 6);
            versions[BinaryPrimitives.ReadInt16BigEndian(entry)] =
                (BinaryPrimitives.ReadInt16BigEndian(entry[2..]), BinaryPrimitives.ReadInt16BigEndian(entry[4..]));
        }

        return versions;
    }

    /// <summary>FindCoordinator v0 for a group: (error code, coordinator node id).</summary>
    private static async Task<(short ErrorCode, int NodeId)> FindCoordinatorAsync(string broker, string group)
    {
        var response = await RawRequestAsync(broker, apiKey: 10, apiVersion: 0, body: KafkaString(group));
        return (BinaryPrimitives.ReadInt16BigEndian(response), BinaryPrimitives.ReadInt32BigEndian(response.AsSpan(2)));
    }

    /// <summary>Sends one request with header v1 and returns the response after its correlation id.</summary>
    private static async Task<byte[]> RawRequestAsync(string broker, short apiKey, short apiVersion, byte[] body)
    {
        using var timeout = new CancellationTokenSource(ToolTimeout);
        var separator = broker.LastIndexOf(':');
        using var client = new TcpClient();
        await client.ConnectAsync(broker[..separator], int.Parse(broker[(separator + 1)..], CultureInfo.InvariantCulture), timeout.Token);
        var stream = client.GetStream();

        var clientId = KafkaString("mock-cluster-tests");
        var request = new byte[4 + 2 + 2 + 4 + clientId.Length + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(request, request.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(4), apiKey);
        BinaryPrimitives.WriteInt16BigEndian(request.AsSpan(6), apiVersion);
        BinaryPrimitives.WriteInt32BigEndian(request.AsSpan(8), 42);
        clientId.CopyTo(request.AsSpan(12));
        body.CopyTo(request.AsSpan(12 + clientId.Length));
        await stream.WriteAsync(request, timeout.Token);

        var size = new byte[4];
        await stream.ReadExactlyAsync(size, timeout.Token);
        var response = new byte[BinaryPrimitives.ReadInt32BigEndian(size)];
        await stream.ReadExactlyAsync(response, timeout.Token);
        Assert.Equal(42, BinaryPrimitives.ReadInt32BigEndian(response));
        return response[4..];
    }

    private static byte[] KafkaString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var encoded = new byte[2 + bytes.Length];
        BinaryPrimitives.WriteInt16BigEndian(encoded, (short)bytes.Length);
        bytes.CopyTo(encoded, 2);
        return encoded;
    }
}
