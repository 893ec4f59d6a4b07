using Akka.Actor;
using Akka.Event;
using Sluice.Fetch;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.Settings;

namespace Sluice.Group;

/// <summary>
/// Commits offsets to the group's coordinator: on request, every <see cref="ConsumerSettings.AutoCommitInterval"/>
/// when auto-commit is on, and before partitions are given up. One commit is in flight at a time, so a later commit
/// never lands before an earlier one. A failed commit is retried <see cref="ConsumerSettings.OffsetsCommitMaxRetries"/>
/// times, waiting <see cref="ConsumerSettings.OffsetsChannelBackoff"/> × the attempt number between tries; the
/// final failure reaches whoever asked (and the parent, for automatic commits): a commit is never dropped silently.
/// </summary>
internal sealed class OffsetCommitter : UntypedActor, IWithTimers
{
    private readonly IActorRef _session;
    private readonly IActorRef _reader;
    private readonly ConsumerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<Commit> _queue = new();
    private readonly Dictionary<TopicPartition, long> _committed = new();
    private readonly Dictionary<TopicPartition, (int AssignedAt, long Next)> _committedUnder = new();
    private Membership? _membership;
    private readonly List<IActorRef> _flushWaiters = new();
    private readonly List<Commit> _held = new();
    private int _heldGeneration = -1;
    private InFlight? _inFlight;
    private long _nextId;
    private bool _closed;

    public OffsetCommitter(IActorRef session, IActorRef reader, ConsumerSettings settings)
    {
        _session = session;
        _reader = reader;
        _settings = settings;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Commit commit:
                OnCommit(commit);
                break;
            case CoordinatorSession.Executed answer:
                OnAnswer(answer);
                break;
            case PartitionReader.PartitionStatusList positions:
                OnPositions(positions);
                break;
            case AutoCommitTick:
                Self.Tell(new Commit(null, Automatic: true));
                break;
            case RetryCommit retry:
                if (_inFlight?.Id == retry.Id)
                    Send();
                break;
            case SetMembership membership:
                OnSetMembership(membership);
                break;
            case Flush:
                _flushWaiters.Add(Sender);
                ReplyToFlushWaiters();
                break;
            case Close:
                OnClose();
                break;
            case GetCommitted:
                Sender.Tell(new Committed(new Dictionary<TopicPartition, long>(_committed)));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Props for the actor.</summary>
    public static Props Props(IActorRef session, IActorRef reader, ConsumerSettings settings) =>
        LocalProps.Of(() => new OffsetCommitter(session, reader, settings));

    protected override void PreStart()
    {
        if (_settings.AutoCommitEnable)
            Timers.StartPeriodicTimer(nameof(AutoCommitTick), AutoCommitTick.Instance, _settings.AutoCommitInterval);
    }

    // A new generation: held stream commits go first, filtered by what the member holds now.
    private void ReleaseHeldInNewGeneration()
    {
        if (_membership is null || _membership.GenerationId == _heldGeneration || _held.Count == 0)
            return;
        foreach (var commit in _queue)
            _held.Add(commit);
        _queue.Clear();
        foreach (var commit in _held)
            _queue.Enqueue(commit);
        _held.Clear();
    }

    private void TryNext()
    {
        if (_inFlight is not null || _membership is null || !_queue.TryDequeue(out var next))
        {
            ReplyToFlushWaiters();
            return;
        }

        if (next.AssignedAt is not null && _membership.GenerationId == _heldGeneration)
        {
            _held.Add(next);
            TryNext();
            return;
        }

        _inFlight = new InFlight(++_nextId, next, new Dictionary<TopicPartition, long>(), 0);
        if (next.AssignedAt is not null)
        {
            // Offsets read under an assignment the member no longer has would overwrite the progress of the
            // partition's new owner (a classic-protocol broker checks the generation, not who owns what), so
            // only partitions held without a break since the records were read are committed.
            var held = next.Offsets!
                .Where(kv => next.AssignedAt.TryGetValue(kv.Key, out var epoch) && _membership.AssignedAt.TryGetValue(kv.Key, out var now) && epoch == now)
                .ToDictionary(kv => kv.Key, kv => kv.Value);
            if (held.Count < next.Offsets!.Count)
                _log.Info("Group {0}: {1} offset(s) of partitions no longer held were not committed", _settings.GroupId, next.Offsets.Count - held.Count);

            // A stream's offsets only grow within one assignment; one behind what is committed there is a batch that
            // reached the committer after the member committed past it itself (before giving partitions up), and
            // sending it would move the group back.
            var valid = held
                .Where(kv => !_committedUnder.TryGetValue(kv.Key, out var done) || done.AssignedAt != _membership.AssignedAt[kv.Key] || done.Next <= kv.Value)
                .ToDictionary(kv => kv.Key, kv => kv.Value);
            if (valid.Count < held.Count)
                _log.Debug("Group {0}: {1} offset(s) behind what the member already committed were not committed", _settings.GroupId, held.Count - valid.Count);
            _inFlight = _inFlight with { Offsets = valid };
            if (valid.Count == 0)
                Finish(null);
            else
                Send();
        }
        else if (next.Offsets is not null)
        {
            _inFlight = _inFlight with { Offsets = new Dictionary<TopicPartition, long>(next.Offsets) };
            Send();
        }
        else
        {
            // "Everything held": the next offset the application has not received, per partition.
            _reader.Tell(PartitionReader.GetStatus.Instance);
        }
    }

    private void OnSetMembership(SetMembership message)
    {
        _membership = message.Membership;
        ReleaseHeldInNewGeneration();
        if (_membership is not null)
            TryNext();
    }

    private void OnCommit(Commit message)
    {
        var commit = message with { ReplyTo = message.ReplyTo ?? (message.Automatic ? ActorRefs.Nobody : Sender) };
        if (_closed)
        {
            commit.ReplyTo.Tell(new Status.Failure(Closed(commit)));
            return;
        }

        _queue.Enqueue(commit);
        TryNext();
    }

    private void OnClose()
    {
        _closed = true;
        foreach (var waiting in _queue.Concat(_held))
            waiting.ReplyTo?.Tell(new Status.Failure(Closed(waiting)));
        _queue.Clear();
        _held.Clear();
        ReplyToFlushWaiters();
    }

    private void OnPositions(PartitionReader.PartitionStatusList status)
    {
        if (_inFlight is null || _inFlight.Offsets.Count > 0)
            return;
        var offsets = status.Partitions
            .Where(p => p.ConsumedPosition >= 0 && (!_committed.TryGetValue(p.Partition, out var done) || done != p.ConsumedPosition))
            .ToDictionary(p => p.Partition, p => p.ConsumedPosition);
        if (offsets.Count == 0)
        {
            Finish(null);
            return;
        }

        _inFlight = _inFlight with { Offsets = offsets };
        Send();
    }

    private void Send()
    {
        if (_inFlight is null || _membership is null)
            return;
        var request = new OffsetCommitRequest(_settings.GroupId, OffsetRequests.CommitTopics(_inFlight.Offsets), _membership.GenerationId, _membership.MemberId, _membership.GroupInstanceId);
        _inFlight = _inFlight with { Attempts = _inFlight.Attempts + 1, SentUnder = _membership };
        _session.Tell(CoordinatorSession.Execute.Of(CoordinatorLane.Control, request, _settings.Connection.RequestTimeout, _inFlight.Id));
    }

    private void OnAnswer(CoordinatorSession.Executed answer)
    {
        if (_inFlight is null || !Equals(answer.Tag, _inFlight.Id))
            return;

        GroupTrouble trouble;
        Exception error;
        if (answer.Error is not null)
        {
            trouble = GroupTrouble.CoordinatorLost;
            error = answer.Error;
        }
        else
        {
            if (GroupErrors.Refusal(_settings.GroupId, (OffsetCommitResponse)answer.Response!) is not { } refusal)
            {
                foreach (var (partition, offset) in _inFlight.Offsets)
                {
                    _committed[partition] = offset;
                    if (_inFlight.SentUnder?.AssignedAt.TryGetValue(partition, out var assignedAt) == true)
                        _committedUnder[partition] = (assignedAt, offset);
                }
                Finish(null);
                return;
            }

            // The partition whose error demands the most decides what happens to the whole commit.
            trouble = GroupErrors.ForCommit(refusal.Error);
            error = refusal;
        }

        switch (trouble)
        {
            case GroupTrouble.Retry or GroupTrouble.CoordinatorLost when _inFlight.Attempts <= _settings.OffsetsCommitMaxRetries:
                if (trouble == GroupTrouble.CoordinatorLost)
                    Context.Parent.Tell(new Heartbeat.Trouble(_membership?.GenerationId ?? -1, trouble, error));
                var wait = TimeSpan.FromTicks(_settings.OffsetsChannelBackoff.Ticks * _inFlight.Attempts);
                _log.Info("Group {0}: commit attempt {1} failed ({2}); retrying in {3} ms", _settings.GroupId, _inFlight.Attempts, error.Message, wait.TotalMilliseconds);
                Timers.StartSingleTimer(nameof(RetryCommit), new RetryCommit(_inFlight.Id), wait);
                return;
            case GroupTrouble.Rebalance or GroupTrouble.StaleGeneration or GroupTrouble.MembershipLost:
                Context.Parent.Tell(new Heartbeat.Trouble(_membership?.GenerationId ?? -1, trouble, error));
                if (_inFlight.Commit.AssignedAt is not null && !_closed)
                {
                    // A stream's commit met a rebalance: it is not the stream's failure. It waits for the next
                    // generation, where offsets of partitions the member still holds go through. The generation
                    // is the one it was sent in: the member may already have left it (membership cleared or
                    // renewed) by the time the broker's answer arrives.
                    _log.Info("Group {0}: a commit met a rebalance ({1}); holding it for the next generation", _settings.GroupId, error.Message);
                    _heldGeneration = _inFlight.SentUnder?.GenerationId ?? -1;
                    _held.Add(_inFlight.Commit);
                    _inFlight = null;
                    ReleaseHeldInNewGeneration();
                    TryNext();
                    return;
                }

                break;
        }

        Finish(new CommitFailedException(_settings.GroupId, _inFlight.Offsets, _inFlight.Attempts, error));
    }

    private void Finish(CommitFailedException? failure)
    {
        var done = _inFlight!;
        _inFlight = null;
        if (failure is null)
        {
            done.Commit.ReplyTo?.Tell(new CommitSucceeded(done.Offsets));
        }
        else
        {
            _log.Warning(failure.Message);
            done.Commit.ReplyTo?.Tell(new Status.Failure(failure));
            if (done.Commit.Automatic)
                Context.Parent.Tell(new AutomaticCommitFailed(failure));
        }

        TryNext();
    }

    private void ReplyToFlushWaiters()
    {
        if (_inFlight is not null || (_queue.Count > 0 && _membership is not null))
            return;
        foreach (var waiter in _flushWaiters)
            waiter.Tell(Flushed.Instance);
        _flushWaiters.Clear();
    }

    private CommitFailedException Closed(Commit commit) =>
        new(_settings.GroupId, commit.Offsets ?? new Dictionary<TopicPartition, long>(), 0, new InvalidOperationException("the member has left the group; commits are no longer possible"));

    /// <summary>The longest a commit can take through every retry, for those who wait on one.</summary>
    public static TimeSpan Patience(ConsumerSettings settings) =>
        TimeSpan.FromTicks(settings.OffsetsChannelBackoff.Ticks * (settings.OffsetsCommitMaxRetries + 1) * (settings.OffsetsCommitMaxRetries + 2) / 2)
        + TimeSpan.FromTicks(settings.Connection.RequestTimeout.Ticks * (settings.OffsetsCommitMaxRetries + 1));

    /// <summary>Commits these offsets (next offset to read), or everything the application has received when null.
    /// With <paramref name="AssignedAt"/> (the generation each partition was assigned in when its records were read),
    /// offsets of partitions the member has given up since are left out. Replies <see cref="CommitSucceeded"/> with
    /// what was committed, or a failure holding <see cref="CommitFailedException"/>.</summary>
    public sealed record Commit(IReadOnlyDictionary<TopicPartition, long>? Offsets, bool Automatic = false, IActorRef? ReplyTo = null, IReadOnlyDictionary<TopicPartition, int>? AssignedAt = null);

    /// <summary>Replies <see cref="Flushed"/> once no commit is in flight or waiting to be sent.</summary>
    public sealed record Flush
    {
        /// <summary>The message.</summary>
        public static Flush Instance { get; } = new();
    }

    /// <summary>Every commit asked for before the <see cref="Flush"/> has finished.</summary>
    public sealed record Flushed
    {
        /// <summary>The message.</summary>
        public static Flushed Instance { get; } = new();
    }

    /// <summary>The member has left: commits waiting and any asked for later fail.</summary>
    public sealed record Close
    {
        /// <summary>The message.</summary>
        public static Close Instance { get; } = new();
    }

    /// <summary>The offsets are committed.</summary>
    public sealed record CommitSucceeded(IReadOnlyDictionary<TopicPartition, long> Offsets);

    /// <summary>An automatic commit failed after every retry (reported to the parent, which reports it on).</summary>
    public sealed record AutomaticCommitFailed(CommitFailedException Error);

    /// <summary>Which membership commits go out under; null while not in the group (commits wait).</summary>
    public sealed record SetMembership(Membership? Membership);

    /// <summary>The generation, member id and instance id commits carry, and the generation each held partition
    /// was assigned in.</summary>
    public sealed record Membership(int GenerationId, string MemberId, string? GroupInstanceId, IReadOnlyDictionary<TopicPartition, int> AssignedAt);

    /// <summary>Asks for the offsets committed by this member so far.</summary>
    public sealed record GetCommitted
    {
        /// <summary>The message.</summary>
        public static GetCommitted Instance { get; } = new();
    }

    /// <summary>The offsets committed by this member so far.</summary>
    public sealed record Committed(IReadOnlyDictionary<TopicPartition, long> Offsets);

    // SentUnder: the membership the last attempt was sent under (its generation, its assignment), null before the first.
    private sealed record InFlight(long Id, Commit Commit, Dictionary<TopicPartition, long> Offsets, int Attempts, Membership? SentUnder = null);

    private sealed record RetryCommit(long Id);

    private sealed record AutoCommitTick
    {
        public static AutoCommitTick Instance { get; } = new();
    }
}
