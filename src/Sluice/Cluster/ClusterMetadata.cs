using System.Collections.Concurrent;
using Sluice.Network;
using Sluice.Protocol.Messages;

namespace Sluice.Cluster;

/// <summary>
/// Bootstraps from a list of brokers, discovers the cluster's brokers and partition leaders, refreshes them
/// on demand, and keeps one control connection per broker.
/// </summary>
public sealed class ClusterMetadata : IAsyncDisposable
{
    private readonly IReadOnlyList<BrokerEndpoint> _bootstrap;
    private readonly ConnectionSettings _settings;
    private readonly ConcurrentDictionary<BrokerEndpoint, Task<BrokerConnection>> _connections = new();
    private readonly LegacyBrokers _legacyBrokers;
    private volatile bool _sawLegacyBroker;
    private readonly object _connectLock = new();
    private MetadataSnapshot _current = MetadataSnapshot.Empty;
    private bool _disposed;

    private ClusterMetadata(IReadOnlyList<BrokerEndpoint> bootstrap, ConnectionSettings settings, LegacyBrokers legacyBrokers)
    {
        _bootstrap = bootstrap;
        _settings = settings;
        _legacyBrokers = legacyBrokers;
    }

    /// <summary>Creates the view from a comma-separated <c>host:port</c> list; nothing connects until asked.</summary>
    public static ClusterMetadata Create(string bootstrapServers, ConnectionSettings? settings = null) =>
        Create(bootstrapServers, settings, new LegacyBrokers());

    /// <summary>A view that shares what it learns of Kafka 0.9 brokers with the other views given <paramref name="legacyBrokers"/>.</summary>
    internal static ClusterMetadata Create(string bootstrapServers, ConnectionSettings? settings, LegacyBrokers legacyBrokers) =>
        new(BrokerEndpoint.ParseList(bootstrapServers), settings ?? ConnectionSettings.Default, legacyBrokers);

    /// <summary>The last snapshot; empty before the first refresh.</summary>
    public MetadataSnapshot Current => Volatile.Read(ref _current);

    /// <summary>
    /// Asks a broker for metadata and updates <see cref="Current"/>. Known brokers are asked first, then the
    /// bootstrap list; the first that answers wins.
    /// </summary>
    /// <param name="topics">Topics to describe; null describes every topic.</param>
    /// <param name="cancellationToken">Stops the refresh.</param>
    public async Task<MetadataSnapshot> RefreshAsync(IReadOnlyCollection<string>? topics = null, CancellationToken cancellationToken = default)
    {
        var request = new MetadataRequest(topics?.ToList());
        var failures = new List<string>();
        foreach (var endpoint in CandidateEndpoints())
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var connection = await ConnectionToAsync(endpoint, cancellationToken).ConfigureAwait(false);
                var response = await connection.SendAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
                var updated = Current.Apply(response, coversAllTopics: topics is null);
                Volatile.Write(ref _current, updated);
                return updated;
            }
            catch (KafkaConnectionException e)
            {
                failures.Add($"{endpoint}: {e.Message}");
            }
        }

        throw new KafkaConnectionException(
            _bootstrap[0],
            $"no broker answered Metadata ({string.Join("; ", failures)})");
    }

    /// <summary>The control connection to a broker by id, connecting or reconnecting as needed.</summary>
    public Task<BrokerConnection> ConnectionToAsync(int brokerId, CancellationToken cancellationToken = default) =>
        Current.Brokers.TryGetValue(brokerId, out var node)
            ? ConnectionToAsync(node.Endpoint, cancellationToken)
            : throw new ArgumentException($"Broker {brokerId} is not in the cluster metadata; refresh first.", nameof(brokerId));

    /// <summary>
    /// The control connection to an endpoint, connecting or reconnecting as needed. A broker found to be
    /// Kafka 0.9 is remembered (by every view of the actor system for a consumer's view), so later connections
    /// skip the ApiVersions probe it cannot answer.
    /// </summary>
    public async Task<BrokerConnection> ConnectionToAsync(BrokerEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        Task<BrokerConnection> attempt;
        lock (_connectLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_connections.TryGetValue(endpoint, out attempt!) || IsDead(attempt))
            {
                attempt = OpenAsync(endpoint);
                _connections[endpoint] = attempt;
            }
        }

        return await attempt.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a new connection of its own to a broker, outside the shared control connections: a lane for
    /// traffic that must not wait behind others, such as a fetcher's long polls. The caller owns and disposes it.
    /// </summary>
    public Task<BrokerConnection> OpenDedicatedConnectionAsync(BrokerEndpoint endpoint, ConnectionSettings? settings = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return OpenAsync(endpoint, settings ?? _settings);
    }

    /// <summary>Whether <see cref="DisposeAsync"/> has closed the connections.</summary>
    internal bool IsDisposed
    {
        get
        {
            lock (_connectLock)
                return _disposed;
        }
    }

    /// <summary>Closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Task<BrokerConnection>> open;
        lock (_connectLock)
        {
            _disposed = true;
            open = _connections.Values.ToList();
            _connections.Clear();
        }

        foreach (var attempt in open)
        {
            if (attempt.IsCompletedSuccessfully)
                await attempt.Result.DisposeAsync().ConfigureAwait(false);
            else
                _ = attempt.ContinueWith(t => t.Result.DisposeAsync(), TaskContinuationOptions.OnlyOnRanToCompletion);
        }
    }

    private Task<BrokerConnection> OpenAsync(BrokerEndpoint endpoint) => OpenAsync(endpoint, _settings);

    private async Task<BrokerConnection> OpenAsync(BrokerEndpoint endpoint, ConnectionSettings settings)
    {
        // A broker known to be Kafka 0.9 is not asked for ApiVersions again (LegacyBrokers says why that matters).
        // This cluster's other brokers (or the same one under another name) very likely run 0.9 too: they are
        // probed at once instead of after the usual wait, which a current broker costs nothing but one ListGroups
        // answered behind its ApiVersions.
        if (_legacyBrokers.Contains(endpoint))
        {
            _sawLegacyBroker = true;
            settings = settings.WithApiVersionsRequest(false);
        }
        else if (_sawLegacyBroker)
        {
            settings = settings with { LegacyProbeDelay = TimeSpan.FromMilliseconds(1) };
        }

        var connection = await BrokerConnection.ConnectAsync(endpoint, settings).ConfigureAwait(false);
        if (connection.Versions.IsLegacy)
        {
            _sawLegacyBroker = true;
            _legacyBrokers.Add(endpoint);
        }

        return connection;
    }

    private IEnumerable<BrokerEndpoint> CandidateEndpoints()
    {
        var known = Current.Brokers.Values.Select(b => b.Endpoint).ToList();
        var live = known.Where(e => _connections.TryGetValue(e, out var t) && !IsDead(t));
        return live.Concat(known).Concat(_bootstrap).Distinct();
    }

    private static bool IsDead(Task<BrokerConnection> attempt) =>
        attempt.IsFaulted || attempt.IsCanceled || (attempt.IsCompletedSuccessfully && !attempt.Result.IsConnected);
}
