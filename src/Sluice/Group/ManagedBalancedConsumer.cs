using System.Threading.Channels;
using Akka.Actor;
using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.Group.Assignors;
using Sluice.Protocol.Records;
using Sluice.Settings;

namespace Sluice.Group;

/// <summary>
/// A consumer-group member with pykafka's <c>ManagedBalancedConsumer</c> surface: it joins the group through the
/// coordinator (JoinGroup/SyncGroup/Heartbeat/LeaveGroup), reads the partitions the group assigns it, commits
/// offsets to Kafka, and rebalances as members come and go. Offsets mean the next offset to read everywhere
/// (pykafka's <c>reset_offsets</c> took the last one consumed; Sluice does not).
/// </summary>
public sealed class ManagedBalancedConsumer : IAsyncDisposable
{
    private static readonly TimeSpan AskMargin = TimeSpan.FromSeconds(10);
    private readonly ConsumerMember _member;
    private readonly IActorRef _supervisor;
    private readonly IActorRef _listener;
    private readonly Channel<GroupEvent> _events;
    private int _disposed;

    private ManagedBalancedConsumer(ConsumerMember member, IActorRef listener, Channel<GroupEvent> events)
    {
        Settings = member.Settings;
        _member = member;
        _supervisor = member.Supervisor;
        _listener = listener;
        _events = events;
    }

    /// <summary>The settings the member runs with.</summary>
    public ConsumerSettings Settings { get; }

    /// <summary>Rebalances, commit failures, partition events and the member's failure, as they happen.</summary>
    public ChannelReader<GroupEvent> Events => _events.Reader;

    /// <summary>The member's cluster metadata and its connections (for tests).</summary>
    internal ClusterMetadata Metadata => _member.Metadata;

    /// <summary>
    /// Creates the member and, when <see cref="ConsumerSettings.AutoStart"/> is set, joins the group before
    /// returning (pykafka's constructor with <c>auto_start</c>).
    /// </summary>
    /// <param name="system">The actor system the member's actors run in.</param>
    /// <param name="settings">Group, topics and every tuning parameter.</param>
    /// <param name="postRebalanceCallback">Called after each rebalance; may override start positions.</param>
    /// <param name="customAssignors">Assignment strategies of your own, offered under their names when
    /// <see cref="ConsumerSettings.AssignmentStrategies"/> lists them (pykafka's custom membership protocols).</param>
    /// <param name="cancellationToken">Stops waiting for the first join.</param>
    public static async Task<ManagedBalancedConsumer> CreateAsync(
        ActorSystem system,
        ConsumerSettings settings,
        PostRebalanceCallback? postRebalanceCallback = null,
        IEnumerable<IPartitionAssignor>? customAssignors = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        var member = ConsumerMember.Create(system, settings, postRebalanceCallback, customAssignors, "sluice");
        var events = Channel.CreateUnbounded<GroupEvent>(new UnboundedChannelOptions { SingleReader = false });
        var listener = system.ActorOf(EventForwarder<GroupEvent>.Props(events.Writer));
        member.Supervisor.Tell(new ConsumerSupervisor.Subscribe(listener));
        var consumer = new ManagedBalancedConsumer(member, listener, events);
        if (settings.AutoStart)
        {
            try
            {
                await consumer.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await consumer.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return consumer;
    }

    /// <summary>Joins the group and returns once the first assignment is being read. Raises
    /// <see cref="RebalanceFailedException"/> when joining failed <see cref="ConsumerSettings.RebalanceMaxRetries"/> times.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        var patience = TimeSpan.FromTicks((Settings.RebalanceTimeout + Settings.SessionTimeout + Settings.RebalanceBackoff).Ticks * Settings.RebalanceMaxRetries) + AskMargin;
        await _supervisor.Ask<ConsumerSupervisor.Started>(ConsumerSupervisor.Start.Instance, patience, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops reading, commits what was consumed (when auto-commit is on), leaves the group at once — so the others
    /// take over without waiting for the session timeout — and closes every connection.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) == 1)
            return;
        await _member.LeaveAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The next record. Blocking, it waits up to <see cref="ConsumerSettings.ConsumerTimeout"/> (for ever when
    /// that is null) and returns null when none came; not blocking, it returns at once. A partition that cannot
    /// advance, or a member that cannot stay in the group, raises its error here.
    /// </summary>
    public async Task<ConsumedRecord?> ConsumeAsync(bool block = true, CancellationToken cancellationToken = default)
    {
        if (!block)
            return (await ConsumeAsync(1, TimeSpan.Zero, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (Settings.ConsumerTimeout is { } timeout)
            return (await ConsumeAsync(1, timeout, cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        while (true)
        {
            var records = await ConsumeAsync(1, TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            if (records.Count > 0)
                return records[0];
        }
    }

    /// <summary>Up to <paramref name="maxRecords"/> records, waiting up to <paramref name="wait"/> for the first.</summary>
    public async Task<IReadOnlyList<ConsumedRecord>> ConsumeAsync(int maxRecords, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        ThrowIfDisposed();
        var polled = await _supervisor.Ask<PartitionReader.Polled>(new PartitionReader.Poll(maxRecords, wait), wait + AskMargin, cancellationToken).ConfigureAwait(false);
        return polled.Records;
    }

    /// <summary>
    /// The next record with its key and value deserialized (see <see cref="ConsumeAsync(bool, CancellationToken)"/>);
    /// a field that cannot be deserialized raises <see cref="Serialization.DeserializationException"/> naming the record.
    /// </summary>
    public async Task<Serialization.ConsumeResult<TKey, TValue>?> ConsumeAsync<TKey, TValue>(
        Serialization.IDeserializer<TKey> keyDeserializer, Serialization.IDeserializer<TValue> valueDeserializer, bool block = true, CancellationToken cancellationToken = default)
    {
        var record = await ConsumeAsync(block, cancellationToken).ConfigureAwait(false);
        return record is null ? null : Serialization.ConsumeResult<TKey, TValue>.From(record, keyDeserializer, valueDeserializer);
    }

    /// <summary>
    /// Commits offsets (the next offset to read per partition); null commits everything consumed so far. Retries
    /// <see cref="ConsumerSettings.OffsetsCommitMaxRetries"/> times, then raises <see cref="CommitFailedException"/>.
    /// </summary>
    public async Task CommitOffsetsAsync(IReadOnlyDictionary<TopicPartition, long>? offsets = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _member.CommitAsync(offsets, assignedAt: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves held partitions to new positions (null: every held partition to <see cref="ConsumerSettings.AutoOffsetReset"/>),
    /// drops what was buffered for them, and commits the new positions.
    /// </summary>
    public async Task ResetOffsetsAsync(IReadOnlyDictionary<TopicPartition, StartPosition>? positions = null, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        positions ??= (await GetPartitionsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p, _ => StartPosition.From(Settings.AutoOffsetReset));
        foreach (var (partition, position) in positions)
            await _supervisor.Ask<PartitionReader.Done>(new PartitionReader.Seek(partition, position), AskMargin, cancellationToken).ConfigureAwait(false);

        // Earliest, latest and times resolve to offsets asynchronously; commit once every one is known.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Settings.Connection.RequestTimeout + AskMargin);
        IReadOnlyList<PartitionStatus> status;
        while (true)
        {
            status = await GetStatusAsync(deadline.Token).ConfigureAwait(false);
            if (status.Where(s => positions.ContainsKey(s.Partition)).All(s => s.FetchPosition is not null))
                break;
            await Task.Delay(20, deadline.Token).ConfigureAwait(false);
        }

        var resolved = status.Where(s => positions.ContainsKey(s.Partition)).ToDictionary(s => s.Partition, s => s.ConsumedPosition);
        await CommitOffsetsAsync(resolved, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next offset to read for each held partition (pykafka's <c>held_offsets</c>, but the next offset
    /// rather than the last consumed); -1 while a partition's start is being looked up.</summary>
    public async Task<IReadOnlyDictionary<TopicPartition, long>> GetHeldOffsetsAsync(CancellationToken cancellationToken = default) =>
        (await GetStatusAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.Partition, s => s.ConsumedPosition);

    /// <summary>The partitions the member holds now (pykafka's <c>partitions</c>).</summary>
    public async Task<IReadOnlySet<TopicPartition>> GetPartitionsAsync(CancellationToken cancellationToken = default) =>
        (await GetStateAsync(cancellationToken).ConfigureAwait(false)).Assignment;

    /// <summary>Where the member is in its life, its generation and member id, and what it holds.</summary>
    public Task<MemberStatus> GetStateAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _member.GetStateAsync(cancellationToken);
    }

    /// <summary>Each held partition's positions, buffered count, leader and lag.</summary>
    public async Task<IReadOnlyList<PartitionStatus>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return await _member.GetStatusAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the member (see <see cref="StopAsync"/>) and releases its actors.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _member.DisposeAsync().ConfigureAwait(false);
        _listener.Tell(PoisonPill.Instance);
        _events.Writer.TryComplete();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
}
