using System.Threading.Channels;
using Akka.Actor;
using Sluice.Cluster;
using Sluice.Group;
using Sluice.Protocol.Records;

namespace Sluice.Fetch;

/// <summary>
/// Reads a fixed set of partitions from given start positions, without a consumer group (pykafka's
/// SimpleConsumer role). Each broker leading a partition gets a fetcher actor with a connection of its own;
/// records are buffered up to <see cref="FetchSettings.QueuedMaxMessages"/> per partition and handed out by
/// <see cref="ConsumeAsync(int, TimeSpan, CancellationToken)"/>. Offsets can still be kept in a group's store, as
/// pykafka's SimpleConsumer does with its consumer group: <see cref="CommitOffsetsAsync"/> and
/// <see cref="FetchCommittedOffsetsAsync"/>.
/// </summary>
public sealed class StaticAssignmentConsumer : IAsyncDisposable
{
    private static readonly TimeSpan AskMargin = TimeSpan.FromSeconds(10);

    // A group's coordinator may be moving or loading its offsets; these bound the retries of one commit or fetch.
    private const int GroupOffsetAttempts = 5;
    private static readonly TimeSpan GroupOffsetBackoff = TimeSpan.FromMilliseconds(500);

    private readonly ActorSystem _system;
    private readonly ClusterMetadata _metadata;
    private readonly FetchSettings _settings;
    private readonly IActorRef _reader;
    private readonly IActorRef _listener;
    private readonly ClusterMetadata? _ownedMetadata;
    private readonly Channel<FetchEvent> _events;
    private readonly Dictionary<string, GroupOffsetStore> _groupStores = new(StringComparer.Ordinal);
    private int _disposed;

    private StaticAssignmentConsumer(ActorSystem system, ClusterMetadata metadata, FetchSettings settings, IActorRef reader, IActorRef listener, Channel<FetchEvent> events, ClusterMetadata? ownedMetadata)
    {
        _system = system;
        _metadata = metadata;
        _settings = settings;
        _reader = reader;
        _listener = listener;
        _events = events;
        _ownedMetadata = ownedMetadata;
    }

    /// <summary>What happened to partitions along the way: resets, leader moves, failures, skipped batches.</summary>
    public ChannelReader<FetchEvent> Events => _events.Reader;

    /// <summary>Starts reading <paramref name="assignment"/> from a cluster given by its bootstrap servers.</summary>
    public static async Task<StaticAssignmentConsumer> StartAsync(
        ActorSystem system,
        string bootstrapServers,
        IReadOnlyDictionary<TopicPartition, StartPosition> assignment,
        FetchSettings? settings = null,
        CancellationToken cancellationToken = default)
    {
        settings ??= FetchSettings.Default;
        var metadata = ClusterMetadata.Create(bootstrapServers, settings.Connection, LegacyBrokers.For(system));
        try
        {
            return await StartAsync(system, metadata, assignment, settings, ownsMetadata: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await metadata.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts reading <paramref name="assignment"/> through an existing cluster view (not disposed with the consumer).</summary>
    public static Task<StaticAssignmentConsumer> StartAsync(
        ActorSystem system,
        ClusterMetadata metadata,
        IReadOnlyDictionary<TopicPartition, StartPosition> assignment,
        FetchSettings? settings = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(system, metadata, assignment, settings ?? FetchSettings.Default, ownsMetadata: false, cancellationToken);

    private static async Task<StaticAssignmentConsumer> StartAsync(
        ActorSystem system, ClusterMetadata metadata, IReadOnlyDictionary<TopicPartition, StartPosition> assignment,
        FetchSettings settings, bool ownsMetadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(assignment);
        var events = Channel.CreateUnbounded<FetchEvent>(new UnboundedChannelOptions { SingleReader = true });
        var reader = system.ActorOf(PartitionReader.Props(metadata, settings), $"partition-reader-{Guid.NewGuid():N}");
        var listener = system.ActorOf(EventForwarder<FetchEvent>.Props(events.Writer));
        var consumer = new StaticAssignmentConsumer(system, metadata, settings, reader, listener, events, ownsMetadata ? metadata : null);
        reader.Tell(new PartitionReader.Subscribe(listener));
        await reader.Ask<PartitionReader.Done>(new PartitionReader.Assign(assignment), AskMargin, cancellationToken).ConfigureAwait(false);
        return consumer;
    }

    /// <summary>Up to <paramref name="maxRecords"/> records, waiting for as long as none come (a stream source's
    /// next element: it never ends on its own).</summary>
    internal async Task<IReadOnlyList<ConsumedRecord>> NextRecordsAsync(int maxRecords)
    {
        while (true)
        {
            var records = await ConsumeAsync(maxRecords, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            if (records.Count > 0)
                return records;
        }
    }

    /// <summary>
    /// Returns up to <paramref name="maxRecords"/> records, waiting up to <paramref name="wait"/> for the first
    /// (zero: return at once). Empty when none came in time. A partition that cannot advance raises its error
    /// (for example <see cref="RecordTooLargeException"/>) once, after the records fetched before it.
    /// </summary>
    public async Task<IReadOnlyList<ConsumedRecord>> ConsumeAsync(int maxRecords, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        ThrowIfDisposed();
        var polled = await _reader.Ask<PartitionReader.Polled>(new PartitionReader.Poll(maxRecords, wait), wait + AskMargin, cancellationToken).ConfigureAwait(false);
        return polled.Records;
    }

    /// <summary>Returns the next record, or null when none came within <paramref name="wait"/>.</summary>
    public async Task<ConsumedRecord?> ConsumeAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var records = await ConsumeAsync(1, wait, cancellationToken).ConfigureAwait(false);
        return records.Count > 0 ? records[0] : null;
    }

    /// <summary>Moves a partition to a new start, dropping what is buffered for it.</summary>
    public Task SeekAsync(TopicPartition partition, StartPosition position, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _reader.Ask<PartitionReader.Done>(new PartitionReader.Seek(partition, position), AskMargin, cancellationToken);
    }

    /// <summary>Each partition's positions, buffered count, leader and lag.</summary>
    public async Task<IReadOnlyList<PartitionStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var status = await _reader.Ask<PartitionReader.PartitionStatusList>(PartitionReader.GetStatus.Instance, AskMargin, cancellationToken).ConfigureAwait(false);
        return status.Partitions;
    }

    /// <summary>
    /// The next offset to read for each partition, as the application has received records (pykafka's
    /// <c>held_offsets</c>, but always the next offset, never the last one consumed); -1 until the start is known.
    /// </summary>
    public async Task<IReadOnlyDictionary<TopicPartition, long>> GetHeldOffsetsAsync(CancellationToken cancellationToken = default) =>
        (await GetStatusAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Partition, s => s.ConsumedPosition);

    /// <summary>
    /// Commits offsets to the store of group <paramref name="groupId"/> without joining it (pykafka SimpleConsumer's
    /// <c>commit_offsets</c>): <paramref name="offsets"/> (the next offset to read, per partition), or by default
    /// what the application has received so far (<see cref="GetHeldOffsetsAsync"/>; partitions whose start is not
    /// known yet are left out). A group member reading the same partitions later starts from them. The coordinator
    /// refuses the commit while the group has members, whose own commits it would overwrite.
    /// </summary>
    /// <exception cref="CommitFailedException">The coordinator refused the offsets, or could not be reached in five
    /// attempts; nothing was committed in part without saying so.</exception>
    public async Task CommitOffsetsAsync(string groupId, IReadOnlyDictionary<TopicPartition, long>? offsets = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ThrowIfDisposed();
        offsets ??= (await GetHeldOffsetsAsync(cancellationToken).ConfigureAwait(false)).Where(kv => kv.Value >= 0).ToDictionary();
        foreach (var (partition, offset) in offsets)
            ArgumentOutOfRangeException.ThrowIfNegative(offset, $"{nameof(offsets)}[{partition}]");
        await GroupStore(groupId).CommitAsync(offsets, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The offsets committed to group <paramref name="groupId"/> for the assigned partitions, or for
    /// <paramref name="partitions"/> (pykafka SimpleConsumer's <c>fetch_offsets</c>); a partition the group has
    /// committed nothing for is left out. Start a partition there with <see cref="StartPosition.AtOffset"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<TopicPartition, long>> FetchCommittedOffsetsAsync(string groupId, IEnumerable<TopicPartition>? partitions = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ThrowIfDisposed();
        partitions ??= (await GetStatusAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Partition).ToList();
        return await GroupStore(groupId).FetchAsync(partitions, cancellationToken).ConfigureAwait(false);
    }

    private GroupOffsetStore GroupStore(string groupId)
    {
        lock (_groupStores)
        {
            if (!_groupStores.TryGetValue(groupId, out var store))
            {
                store = new GroupOffsetStore(_system, _metadata, groupId, _settings.Connection, GroupOffsetAttempts, GroupOffsetBackoff);
                _groupStores[groupId] = store;
            }

            return store;
        }
    }

    /// <summary>Stops the fetchers and closes their connections.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        GroupOffsetStore[] stores;
        lock (_groupStores)
            stores = _groupStores.Values.ToArray();
        foreach (var store in stores)
            await store.DisposeAsync().ConfigureAwait(false);
        await _reader.GracefulStop(AskMargin).ConfigureAwait(false);
        _listener.Tell(PoisonPill.Instance);
        _events.Writer.TryComplete();
        if (_ownedMetadata is not null)
            await _ownedMetadata.DisposeAsync().ConfigureAwait(false);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
}
