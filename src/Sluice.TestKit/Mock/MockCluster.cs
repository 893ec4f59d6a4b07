using System.Globalization;

namespace Sluice.TestKit.Mock;

/// <summary>
/// librdkafka's mock cluster (librdkafka.redist 2.16.0) on loopback, run in a child process because the mock
/// aborts its whole process on some group traffic. Every method sends one control command to that process and
/// waits for its answer; commands are serialized. Broker ids are 1..<see cref="BrokerCount"/>.
/// </summary>
public sealed class MockCluster : IKafkaTestCluster
{
    /// <summary>The "group" coordinator key type of <c>rd_kafka_mock_coordinator_set</c>.</summary>
    private const string GroupKeyType = "group";

    // The mock advertises these versions but cannot parse them (see research/protocol.md §6.1): JoinGroup v6 and
    // SyncGroup v4 read flexible arrays wrongly, LeaveGroup v3+ drops the Members array, ApiVersions v3+ answers
    // with a malformed body. The mins stay at the 0 the mock advertises.
    private static readonly (short ApiKey, short MaxVersion)[] UnparsableVersionCaps = [(11, 5), (14, 3), (13, 2), (18, 2)];

    private readonly MockHostProcess _host;

    private MockCluster(MockHostProcess host, string bootstrapServers, MockClusterOptions options)
    {
        _host = host;
        BootstrapServers = bootstrapServers;
        Options = options;
    }

    /// <inheritdoc />
    public TestBrokerBackend Backend => TestBrokerBackend.MockCluster;

    /// <inheritdoc />
    public string BootstrapServers { get; }

    /// <inheritdoc />
    public int BrokerCount => Options.BrokerCount;

    /// <summary>The options the cluster was started with.</summary>
    public MockClusterOptions Options { get; }

    /// <summary>The id of the child process that runs the mock, for tests that simulate a crashed broker host.</summary>
    public int HostProcessId => _host.ProcessId;

    /// <summary>
    /// Starts the host, waits for its brokers, then applies <see cref="MockClusterOptions.InitialRebalanceDelay"/>
    /// and, when asked, <see cref="MockClusterOptions.CapUnparsableVersions"/>.
    /// </summary>
    /// <exception cref="TestClusterUnavailableException">dotnet, the host or librdkafka is missing, or the host died or hung before its brokers were ready.</exception>
    public static async Task<MockCluster> StartAsync(MockClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= MockClusterOptions.Default;
        var host = MockHostProcess.Start(MockHostLocator.Locate(options), options.CommandTimeout);
        try
        {
            var bootstrapServers = await WaitForReadyAsync(host, options, cancellationToken).ConfigureAwait(false);
            var cluster = new MockCluster(host, bootstrapServers, options);
            await cluster.SetGroupInitialRebalanceDelayAsync(options.InitialRebalanceDelay, cancellationToken).ConfigureAwait(false);
            if (options.CapUnparsableVersions)
            {
                foreach (var (apiKey, maxVersion) in UnparsableVersionCaps)
                {
                    await cluster.SetApiVersionAsync(apiKey, 0, maxVersion, cancellationToken).ConfigureAwait(false);
                }
            }

            return cluster;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The version of the librdkafka the host runs (2.16.0; the host refuses any other).</summary>
    public Task<string> GetLibrdkafkaVersionAsync(CancellationToken cancellationToken = default) =>
        _host.SendAsync("version", cancellationToken);

    /// <inheritdoc />
    public Task CreateTopicAsync(string topic, int partitions, int replicationFactor = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        return Send(cancellationToken, "create-topic", Text(topic), partitions, replicationFactor);
    }

    /// <summary>Disconnects the broker's clients and refuses new connections. Leaders do not move.</summary>
    public Task SetBrokerDownAsync(int brokerId, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, "broker-down", brokerId);

    /// <summary>Lets the broker accept connections again.</summary>
    public Task SetBrokerUpAsync(int brokerId, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, "broker-up", brokerId);

    /// <summary>Delays every response of the broker by <paramref name="rtt"/> (whole milliseconds).</summary>
    public Task SetBrokerRttAsync(int brokerId, TimeSpan rtt, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, "broker-rtt", brokerId, Milliseconds(rtt));

    /// <summary>
    /// Makes the next requests with <paramref name="apiKey"/>, on any broker, fail with these error codes in order.
    /// librdkafka's -195 (<c>_TRANSPORT</c>) makes the broker drop the connection instead.
    /// </summary>
    public Task PushRequestErrorsAsync(short apiKey, params short[] errorCodes) =>
        PushRequestErrorsAsync(apiKey, errorCodes, CancellationToken.None);

    /// <inheritdoc cref="PushRequestErrorsAsync(short, short[])"/>
    public Task PushRequestErrorsAsync(short apiKey, IReadOnlyList<short> errorCodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(errorCodes);
        ArgumentOutOfRangeException.ThrowIfZero(errorCodes.Count);
        return Send(cancellationToken, ["push-request-errors", apiKey, .. errorCodes.Cast<object>()]);
    }

    /// <summary>Drops the errors still pushed for <paramref name="apiKey"/>.</summary>
    public Task ClearRequestErrorsAsync(short apiKey, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, "clear-request-errors", apiKey);

    /// <summary>Makes FindCoordinator answer <paramref name="brokerId"/> for the group <paramref name="key"/>; the broker need not exist.</summary>
    public Task SetCoordinatorAsync(string key, int brokerId, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, "set-coordinator", Text(GroupKeyType), Text(key), brokerId);

    /// <summary>Moves a partition's leadership (-1: no leader) and bumps its leader epoch.</summary>
    public Task SetPartitionLeaderAsync(string topic, int partition, int brokerId, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, "set-partition-leader", Text(topic), partition, brokerId);

    /// <summary>Moves a partition's log start offset up to <paramref name="beforeOffset"/>, as retention would.</summary>
    public Task DeleteRecordsAsync(string topic, int partition, long beforeOffset, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, "delete-records", Text(topic), partition, beforeOffset);

    /// <summary>Sets how long a new group waits for more members before its first rebalance.</summary>
    public Task SetGroupInitialRebalanceDelayAsync(TimeSpan delay, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, "group-initial-rebalance-delay", Milliseconds(delay));

    /// <summary>
    /// Sets the version range the brokers advertise and accept for <paramref name="apiKey"/>; -1/-1 removes the API.
    /// The max must not exceed what the mock implements.
    /// </summary>
    public Task SetApiVersionAsync(short apiKey, short minVersion, short maxVersion, CancellationToken cancellationToken = default) =>
        Send(cancellationToken, "set-api-version", apiKey, minVersion, maxVersion);

    /// <summary>Ends the host: closes its stdin, waits for it to exit and kills it if it does not.</summary>
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static async Task<string> WaitForReadyAsync(MockHostProcess host, MockClusterOptions options, CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            line = await host.ReadStartLineAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw Unavailable((await host.FailAsync($"did not report ready ({e.Message})").ConfigureAwait(false)).Message);
        }

        return line switch
        {
            null => throw Unavailable((await host.FailAsync("exited before reporting ready").ConfigureAwait(false)).Message),
            _ when line.StartsWith("ready ", StringComparison.Ordinal) => line[6..],
            _ when line.StartsWith("error ", StringComparison.Ordinal) => throw Unavailable(line[6..]),
            _ => throw Unavailable((await host.FailAsync($"started with '{line}' instead of a ready line").ConfigureAwait(false)).Message),
        };
    }

    private Task Send(CancellationToken cancellationToken, params object[] words) =>
        _host.SendAsync(string.Join(' ', words.Select(word => Convert.ToString(word, CultureInfo.InvariantCulture))), cancellationToken);

    private static string Text(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    private static int Milliseconds(TimeSpan value) =>
        value >= TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue
            ? (int)value.TotalMilliseconds
            : throw new ArgumentOutOfRangeException(nameof(value), value, "must be between 0 and int.MaxValue ms");

    private static TestClusterUnavailableException Unavailable(string reason) => new(TestBrokerBackend.MockCluster, reason);
}
