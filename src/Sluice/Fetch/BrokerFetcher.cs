using Akka.Actor;
using Akka.Event;
using Sluice.Cluster;
using Sluice.Network;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;

namespace Sluice.Fetch;

/// <summary>
/// Fetches the partitions one broker leads, on a connection of its own so a long poll never delays group
/// traffic. One Fetch is in flight at a time; what it returns is scanned here (where the next fetch starts) and
/// sent as bytes to the <see cref="PartitionReader"/>, which owns positions and buffers, decodes records as they are
/// taken and decides which partitions to fetch.
/// </summary>
internal sealed partial class BrokerFetcher : UntypedActor, IWithTimers
{
    private readonly int _brokerId;
    private readonly BrokerEndpoint _endpoint;
    private readonly ClusterMetadata _metadata;
    private readonly FetchSettings _settings;
    private readonly IActorRef _reader;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<TopicPartition, Position> _positions = new();
    private readonly Dictionary<TopicPartition, Sizing> _sizing = new();
    private readonly RecordDecodeOptions _decodeOptions;

    private List<Target> _targets = [];
    private BrokerConnection? _connection;
    private int _reconnectAttempts;
    private long _fetchId;
    private bool _fetching;
    private int _rotation;
    private bool _awaitingSlot;
    private bool _holdingSlot;

    public BrokerFetcher(int brokerId, BrokerEndpoint endpoint, ClusterMetadata metadata, FetchSettings settings, IActorRef reader)
    {
        _brokerId = brokerId;
        _endpoint = endpoint;
        _metadata = metadata;
        _settings = settings;
        _reader = reader;
        _decodeOptions = RecordDecodeOptions.Default with
        {
            CheckCrcs = settings.CheckCrcs,
            SkipCorruptBatches = settings.SkipCorruptBatches,
            IsolationLevel = settings.IsolationLevel,
        };
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case FetchCompleted completed:
                OnFetchCompleted(completed);
                break;
            case SlotGranted:
                _awaitingSlot = false;
                _holdingSlot = true;
                FetchIfReady();
                break;
            case SetTargets targets:
                OnSetTargets(targets);
                break;
            case FetchAgain:
                FetchIfReady();
                break;
            case FetchFailed failed:
                OnFetchFailed(failed);
                break;
            case Connected connected:
                OnConnected(connected);
                break;
            case ConnectFailed failed:
                OnConnectFailed(failed);
                break;
            case Reconnect:
                Connect();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Props for the actor.</summary>
    public static Props Props(int brokerId, BrokerEndpoint endpoint, ClusterMetadata metadata, FetchSettings settings, IActorRef reader) =>
        LocalProps.Of(() => new BrokerFetcher(brokerId, endpoint, metadata, settings, reader));

    protected override void PreStart() => Connect();

    protected override void PostStop()
    {
        if (_holdingSlot)
            _reader.Tell(ReleaseSlot.Instance);
        var connection = _connection;
        _connection = null;
        if (connection is null)
            return;

        // Closing the fetch session frees its slot on the broker at once instead of at eviction; best effort.
        var close = _fetching ? null : _session?.BuildCloseRequest();
        var closing = close is null ? Task.CompletedTask : connection.SendAsync(close, TimeSpan.FromSeconds(1));
        _ = closing.ContinueWith(_ => connection.DisposeAsync().AsTask(), TaskScheduler.Default);
    }

    private void OnSetTargets(SetTargets message)
    {
        // A target of the same era continues from where this fetcher got to (it is ahead of the reader by at
        // most the answer in flight); a new era means an assign, seek or reset and starts where the reader says.
        var wanted = message.Targets.ToDictionary(t => t.Partition);
        foreach (var partition in _positions.Keys.Where(p => !wanted.ContainsKey(p)).ToList())
            _positions.Remove(partition);
        // The partitions of the last targets were fetched until now, and may be out only while their buffers are full.
        ForgetSizingOfPartitionsGone(_sizing, _targets.Select(t => t.Partition).Concat(wanted.Keys), Environment.TickCount64, SizingKeptMs);
        foreach (var target in message.Targets)
        {
            if (!_positions.TryGetValue(target.Partition, out var position) || position.Era != target.Era)
            {
                // Handed back (re-added or restarted): the reader has dealt with whatever suspended it.
                position = new Position(target.Era, target.FetchOffset, SizingOf(target.Partition));
                _positions[target.Partition] = position;
                _suspended.Remove(target.Partition);
            }

            if (position.Grant != target.Grant)
            {
                position.Grant = target.Grant;
                position.Credit = target.Credit;
            }
        }

        _targets = message.Targets.ToList();
        FetchIfReady();
    }

    // A partition leaves the targets whenever its buffer is full and comes back as a new position, but what its
    // answers showed about its records stays true: forgetting the bytes per record would ask the next request in
    // full, a whole answer past queued-max-messages, and forgetting a grown size would fetch a large record's
    // fragment again.
    private Sizing SizingOf(TopicPartition partition)
    {
        if (!_sizing.TryGetValue(partition, out var sizing))
        {
            sizing = new Sizing(_settings.FetchMessageMaxBytes);
            _sizing[partition] = sizing;
        }

        return sizing;
    }

    // Long enough that a partition whose application pauses it, or whose buffer stays full, keeps what it showed;
    // short enough that a fetcher does not keep an entry for every partition it ever read as assignments move.
    private const long SizingKeptMs = 10 * 60 * 1000;

    /// <summary>
    /// Marks <paramref name="targets"/> as seen at <paramref name="nowMs"/>, and drops what was learnt of the
    /// partitions not seen for longer than <paramref name="keptMs"/> (revoked, moved to another leader).
    /// </summary>
    internal static void ForgetSizingOfPartitionsGone(Dictionary<TopicPartition, Sizing> sizing, IEnumerable<TopicPartition> targets, long nowMs, long keptMs)
    {
        foreach (var partition in targets)
        {
            if (sizing.TryGetValue(partition, out var seen))
                seen.SeenAtMs = nowMs;
        }

        foreach (var (partition, seen) in sizing)
        {
            if (nowMs - seen.SeenAtMs > keptMs)
                sizing.Remove(partition);
        }
    }

    private void Connect()
    {
        _metadata.OpenDedicatedConnectionAsync(_endpoint, _settings.Connection)
            .PipeTo(Self, success: c => new Connected(c), failure: e => new ConnectFailed(e));
    }

    private void OnConnected(Connected message)
    {
        _connection = message.Connection;
        _reconnectAttempts = 0;
        _fetching = false;
        ResetSession();
        FetchIfReady();
    }

    private void OnConnectFailed(ConnectFailed message)
    {
        _reader.Tell(new BrokerUnreachable(_brokerId, message.Error));
        ScheduleReconnect(message.Error);
    }

    // Jittered exponential backoff: many fetchers losing one broker must not reconnect in lockstep.
    private void ScheduleReconnect(Exception cause)
    {
        _reconnectAttempts++;
        var ceiling = Math.Min(_settings.ReconnectBackoffMax.TotalMilliseconds, _settings.ReconnectBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(_reconnectAttempts - 1, 20)));
        var delay = TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() * 0.5));
        _log.Info("Broker {0} ({1}) unreachable, reconnecting in {2:0} ms (attempt {3}): {4}", _brokerId, _endpoint, delay.TotalMilliseconds, _reconnectAttempts, cause.Message);
        Timers.StartSingleTimer(nameof(Reconnect), Reconnect.Instance, delay);
    }

    private void FetchIfReady()
    {
        if (_fetching || _awaitingSlot || _connection is null || _targets.Count == 0)
            return;
        if (!_holdingSlot)
        {
            _awaitingSlot = true;
            _reader.Tell(RequestSlot.Instance);
            return;
        }

        var connection = _connection;
        var request = BuildRequest(connection);
        if (request is null)
        {
            GiveBackSlot();
            return;
        }

        _fetching = true;
        var fetchId = ++_fetchId;
        var timeout = _settings.FetchWaitMax + _settings.Connection.RequestTimeout;
        connection.SendAsync(request.Request, timeout)
            .PipeTo(Self, success: r => new FetchCompleted(fetchId, request, r), failure: e => new FetchFailed(fetchId, connection, e));
    }

    private void GiveBackSlot()
    {
        if (!_holdingSlot)
            return;
        _holdingSlot = false;
        _reader.Tell(ReleaseSlot.Instance);
    }

    private void OnFetchFailed(FetchFailed message)
    {
        if (message.FetchId != _fetchId)
            return;
        _fetching = false;
        GiveBackSlot();
        _session?.HandleFailure();
        if (message.Error is KafkaConnectionException or ObjectDisposedException)
        {
            if (ReferenceEquals(_connection, message.Connection))
            {
                _connection = null;
                _ = message.Connection.DisposeAsync().AsTask();
                _reader.Tell(new BrokerUnreachable(_brokerId, message.Error));
                ScheduleReconnect(message.Error);
            }

            return;
        }

        // Anything else (a malformed answer, a version the broker refuses) fails this fetch only.
        _log.Warning("Fetch from broker {0} failed: {1}", _brokerId, message.Error.Message);
        Timers.StartSingleTimer(nameof(FetchAgain), FetchAgain.Instance, _settings.FetchErrorBackoff);
    }

    /// <summary>The partitions to fetch and their positions; replaces the previous set.</summary>
    public sealed record SetTargets(IReadOnlyList<Target> Targets);

    /// <summary>One partition to fetch, as the reader sees it; <paramref name="Credit"/> is how many records may be
    /// delivered under grant <paramref name="Grant"/> before the partition waits for a new grant.</summary>
    public sealed record Target(TopicPartition Partition, Guid TopicId, long FetchOffset, int LeaderEpoch, int Era, int Grant, int Credit);

    /// <summary>
    /// Records fetched for a partition at <paramref name="FetchOffset"/>, still as bytes (the reader decodes them as
    /// they are taken), about <paramref name="EstimatedRecords"/> of them at <paramref name="RecordBytes"/> bytes each
    /// (0 when none), and where the next fetch starts.
    /// </summary>
    public sealed record Fetched(
        TopicPartition Partition,
        int Era,
        long FetchOffset,
        RecordChunk Chunk,
        int EstimatedRecords,
        int RecordBytes,
        long NextOffset,
        long HighWatermark);

    /// <summary>A partition's fetch failed; the reader decides what follows.</summary>
    public sealed record PartitionError(TopicPartition Partition, int Era, long FetchOffset, FetchErrorKind Kind, Exception Error);

    /// <summary>The broker cannot be reached; the fetcher keeps reconnecting, the reader may move partitions.</summary>
    public sealed record BrokerUnreachable(int BrokerId, Exception Error);

    private sealed class Position(int era, long offset, Sizing sizing)
    {
        public int Era { get; } = era;

        public long Offset { get; set; } = offset;

        public int PartitionMaxBytes
        {
            get => sizing.PartitionMaxBytes;
            set => sizing.PartitionMaxBytes = value;
        }

        public int RecordBytes
        {
            get => sizing.RecordBytes;
            set => sizing.RecordBytes = value;
        }

        // A trimmed request came back with only part of an entry: ask in full before deciding a record is too large.
        public bool FullSizeNext { get; set; }

        public int Grant { get; set; } = -1;

        public int Credit { get; set; }
    }

    // What a partition's answers showed about its records, kept across its positions (see SizingOf).
    internal sealed class Sizing(int partitionMaxBytes)
    {
        // Environment.TickCount64 when the partition was last among the targets (see ForgetSizingOfPartitionsGone).
        public long SeenAtMs { get; set; } = Environment.TickCount64;

        public int PartitionMaxBytes { get; set; } = partitionMaxBytes;

        // Bytes per record in the last answer (0 before the first), to ask for about as many records as the credit.
        public int RecordBytes { get; set; }
    }

    /// <summary>Asks the reader for a fetch slot (see <see cref="FetchSettings.MaxConcurrentFetches"/>).</summary>
    public sealed record RequestSlot
    {
        /// <summary>The message.</summary>
        public static RequestSlot Instance { get; } = new();
    }

    /// <summary>The reader's answer: this fetcher may send one Fetch.</summary>
    public sealed record SlotGranted
    {
        /// <summary>The message.</summary>
        public static SlotGranted Instance { get; } = new();
    }

    /// <summary>Gives a fetch slot back to the reader.</summary>
    public sealed record ReleaseSlot : IDeadLetterSuppression
    {
        /// <summary>The message.</summary>
        public static ReleaseSlot Instance { get; } = new();
    }

    private sealed record Connected(BrokerConnection Connection);

    private sealed record ConnectFailed(Exception Error);

    private sealed record Reconnect
    {
        public static Reconnect Instance { get; } = new();
    }

    private sealed record FetchAgain
    {
        public static FetchAgain Instance { get; } = new();
    }

    // Answers that outlive a stopped fetcher are expected, not lost mail: they are not logged as dead letters.
    private sealed record FetchCompleted(long FetchId, PreparedFetch Fetch, FetchResponse Response) : IDeadLetterSuppression;

    private sealed record FetchFailed(long FetchId, BrokerConnection Connection, Exception Error) : IDeadLetterSuppression;
}
