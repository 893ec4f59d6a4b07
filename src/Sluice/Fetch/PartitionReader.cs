using Akka.Actor;
using Akka.Event;
using Sluice.Cluster;
using Sluice.Protocol;
using Sluice.Protocol.Records;

namespace Sluice.Fetch;

/// <summary>
/// Reads a set of assigned partitions: resolves where each starts, routes each to the
/// <see cref="BrokerFetcher"/> of its leader (one per broker, each on its own connection), buffers what they
/// fetch up to <see cref="FetchSettings.QueuedMaxMessages"/> per partition (fewer where large records would take more
/// than the partition's share of <see cref="FetchSettings.QueuedMaxBytes"/>), and hands records out on demand.
/// Positions live here, so a fetcher can be stopped or replaced, or a partition moved to another leader,
/// without losing or repeating a record.
/// </summary>
internal sealed partial class PartitionReader : UntypedActor, IWithTimers
{
    private readonly ClusterMetadata _metadata;
    private readonly FetchSettings _settings;
    private readonly Dictionary<TopicPartition, PartitionState> _partitions = new();
    private readonly Dictionary<int, IActorRef> _fetchers = new();
    private readonly Dictionary<int, IReadOnlyList<BrokerFetcher.Target>> _sentTargets = new();
    private readonly List<PendingPoll> _polls = new();
    private readonly HashSet<IActorRef> _listeners = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _metadataRefreshing;
    private bool _metadataStale = true;
    private readonly Queue<IActorRef> _slotWaiters = new();
    private int _slotsInUse;
    private int _pollRotation;
    private long _nextPollId;

    // The answer the last chunk that arrived came in (FrameBuffer.Answer), so older frames are swept once per answer.
    private long _lastAnswer;

    public PartitionReader(ClusterMetadata metadata, FetchSettings settings)
    {
        _metadata = metadata;
        _settings = settings;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Poll poll:
                OnPoll(poll);
                break;
            case BrokerFetcher.Fetched fetched:
                OnFetched(fetched);
                break;
            case ReportEmitted report:
                ApplyEmitted(report.Emitted);
                break;
            case BrokerFetcher.RequestSlot:
                OnRequestSlot();
                break;
            case BrokerFetcher.ReleaseSlot:
                OnReleaseSlot();
                break;
            case PollExpired expired:
                OnPollExpired(expired);
                break;
            case Assign assign:
                OnAssign(assign);
                break;
            case Revoke revoke:
                OnRevoke(revoke);
                break;
            case Seek seek:
                OnSeek(seek);
                break;
            case GetStatus:
                Sender.Tell(Status());
                break;
            case Subscribe subscribe:
                _listeners.Add(subscribe.Listener);
                Context.Watch(subscribe.Listener);
                break;
            case Terminated terminated:
                _listeners.Remove(terminated.ActorRef);
                break;
            case MetadataRefreshed refreshed:
                OnMetadataRefreshed(refreshed);
                break;
            case MetadataFailed failed:
                OnMetadataFailed(failed);
                break;
            case PositionsResolved resolved:
                OnPositionsResolved(resolved);
                break;
            case ResolveFailed failed:
                OnResolveFailed(failed);
                break;
            case BrokerFetcher.PartitionError error:
                OnPartitionError(error);
                break;
            case BrokerFetcher.BrokerUnreachable unreachable:
                OnBrokerUnreachable(unreachable);
                break;
            case Reroute:
                Route();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Props for the actor.</summary>
    public static Props Props(ClusterMetadata metadata, FetchSettings settings) =>
        LocalProps.Of(() => new PartitionReader(metadata, settings));

    private void OnAssign(Assign assign)
    {
        foreach (var (partition, start) in assign.Partitions)
        {
            if (!_partitions.TryGetValue(partition, out var state))
            {
                state = new PartitionState(partition);
                _partitions[partition] = state;
                _metadataStale = true;
            }

            StartAt(state, start);
        }

        Sender.Tell(Done.Instance);
        Route();
    }

    private void OnRevoke(Revoke revoke)
    {
        if (revoke.Emitted is not null)
            ApplyEmitted(revoke.Emitted);
        var positions = new Dictionary<TopicPartition, long>();
        foreach (var partition in revoke.Partitions)
        {
            // Buffered records of a revoked partition are dropped, never handed out after the revoke.
            if (_partitions.Remove(partition, out var state))
            {
                positions[partition] = state.ConsumedPosition >= 0 ? state.ConsumedPosition : state.FetchPosition ?? -1;
                state.Buffer.Clear();
            }
        }

        Sender.Tell(new Revoked(positions));
        Route();
    }

    private void OnSeek(Seek seek)
    {
        if (!_partitions.TryGetValue(seek.Partition, out var state))
        {
            Sender.Tell(new Status.Failure(new ArgumentException($"{seek.Partition} is not assigned.")));
            return;
        }

        StartAt(state, seek.Position);
        Sender.Tell(Done.Instance);
        Route();
    }

    private void StartAt(PartitionState state, StartPosition start)
    {
        state.Era++;
        state.Buffer.Clear();
        state.NextTaken = start.Kind == StartPositionKind.Offset ? start.Value : -1;
        state.Failure = null;
        state.FailureReported = false;
        state.RetryAfter = default;
        if (start.Kind == StartPositionKind.Offset)
        {
            state.FetchPosition = start.Value;
            state.ConsumedPosition = start.Value;
            state.Unresolved = null;
        }
        else
        {
            state.FetchPosition = null;
            state.Unresolved = start;
        }
    }

    private PartitionStatusList Status() => new(_partitions.Values
        .OrderBy(s => s.Partition.Topic, StringComparer.Ordinal).ThenBy(s => s.Partition.Partition)
        .Select(s => new PartitionStatus(s.Partition, s.FetchPosition, s.ConsumedPosition, s.Buffer.Count, s.Leader, s.HighWatermark, s.Failure, s.Buffer.Bytes))
        .ToList());

    private void Publish(FetchEvent fetchEvent)
    {
        foreach (var listener in _listeners)
            listener.Tell(fetchEvent);
    }

    // Fetch slots bound how many brokers fetch at once; a fetcher that stops while holding one gives it back
    // through Terminated, so a slot is never lost.
    private void OnRequestSlot()
    {
        if (_slotsInUse < _settings.MaxConcurrentFetches)
        {
            _slotsInUse++;
            Sender.Tell(BrokerFetcher.SlotGranted.Instance);
        }
        else
        {
            _slotWaiters.Enqueue(Sender);
        }
    }

    private void OnReleaseSlot()
    {
        while (_slotWaiters.TryDequeue(out var next))
        {
            if (!_fetchers.ContainsValue(next))
                continue;
            next.Tell(BrokerFetcher.SlotGranted.Instance);
            return;
        }

        _slotsInUse = Math.Max(0, _slotsInUse - 1);
    }

    private void ScheduleReroute(TimeSpan after) => Timers.StartSingleTimer(nameof(Reroute), Reroute.Instance, after);

    /// <summary>Adds partitions (or restarts them) at the given start positions. Replies <see cref="Done"/>.</summary>
    public sealed record Assign(IReadOnlyDictionary<TopicPartition, StartPosition> Partitions);

    /// <summary>Stops reading partitions and drops what is buffered for them. Replies <see cref="Revoked"/>.
    /// <paramref name="Emitted"/>: a stream's last word on what it emitted (see <see cref="Poll"/>).</summary>
    public sealed record Revoke(IReadOnlyCollection<TopicPartition> Partitions, IReadOnlyDictionary<TopicPartition, long>? Emitted = null);

    /// <summary>A stream's positions: the next offset it has not emitted, per partition (see <see cref="Poll"/>).</summary>
    public sealed record ReportEmitted(IReadOnlyDictionary<TopicPartition, long> Emitted);

    /// <summary>The next offset the application had not received for each revoked partition (-1 unknown).</summary>
    public sealed record Revoked(IReadOnlyDictionary<TopicPartition, long> Positions);

    /// <summary>Moves one partition to a new start, dropping what is buffered. Replies <see cref="Done"/>.</summary>
    public sealed record Seek(TopicPartition Partition, StartPosition Position);

    /// <summary>Asks for up to <paramref name="MaxRecords"/> records (of <paramref name="Partition"/> only, when
    /// given), waiting up to <paramref name="Wait"/> for the first. Replies <see cref="Polled"/>, or a failure when a
    /// partition cannot advance. Handing records out moves the consumed position, unless the asker is a stream that
    /// buffers them: it passes <paramref name="Emitted"/> (the next offset it has not emitted, per partition), and
    /// those positions are what commits and revocations use.</summary>
    public sealed record Poll(int MaxRecords, TimeSpan Wait, TopicPartition? Partition = null, IReadOnlyDictionary<TopicPartition, long>? Emitted = null);

    /// <summary>Records in offset order per partition; empty when none came within the wait.
    /// <paramref name="Partition"/> is the partition the poll asked for, if it asked for one.</summary>
    public sealed record Polled(IReadOnlyList<ConsumedRecord> Records, TopicPartition? Partition = null);

    /// <summary>Asks for a <see cref="PartitionStatusList"/>.</summary>
    public sealed record GetStatus
    {
        /// <summary>The message.</summary>
        public static GetStatus Instance { get; } = new();
    }

    /// <summary>Every assigned partition's state.</summary>
    public sealed record PartitionStatusList(IReadOnlyList<PartitionStatus> Partitions);

    /// <summary>Sends every <see cref="FetchEvent"/> to <paramref name="Listener"/> from now on.</summary>
    public sealed record Subscribe(IActorRef Listener);

    /// <summary>Acknowledges a command.</summary>
    public sealed record Done
    {
        /// <summary>The message.</summary>
        public static Done Instance { get; } = new();
    }

    private sealed record PendingPoll(long Id, IActorRef ReplyTo, int MaxRecords, TopicPartition? Partition, bool Advance);

    private sealed record PollExpired(long Id);

    private sealed record Reroute
    {
        public static Reroute Instance { get; } = new();
    }
}
