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
internal sealed class OffsetCommitter : ReceiveActor, IWithTimers
{
    private readonly IActorRef _session;
    private readonly IActorRef _reader;
    private readonly ConsumerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<Commit> _queue = new();
    private readonly Dictionary<TopicPartition, long> _committed = new();
    private Membership? _membership;
    private InFlight? _inFlight;
    private long _nextId;

    public OffsetCommitter(IActorRef session, IActorRef reader, ConsumerSettings settings)
    {
        _session = session;
        _reader = reader;
        _settings = settings;

        Receive<SetMembership>(m =>
        {
            _membership = m.Membership;
            if (_membership is not null)
                TryNext();
        });
        Receive<Commit>(c =>
        {
            _queue.Enqueue(c with { ReplyTo = c.ReplyTo ?? (c.Automatic ? ActorRefs.Nobody : Sender) });
            TryNext();
        });
        Receive<AutoCommitTick>(_ => Self.Tell(new Commit(null, Automatic: true)));
        Receive<PartitionReader.PartitionStatusList>(OnPositions);
        Receive<CoordinatorSession.Executed>(OnAnswer);
        Receive<RetryCommit>(r =>
        {
            if (_inFlight?.Id == r.Id)
                Send();
        });
        Receive<GetCommitted>(_ => Sender.Tell(new Committed(new Dictionary<TopicPartition, long>(_committed))));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the actor.</summary>
    public static Props Props(IActorRef session, IActorRef reader, ConsumerSettings settings) =>
        Akka.Actor.Props.Create(() => new OffsetCommitter(session, reader, settings));

    protected override void PreStart()
    {
        if (_settings.AutoCommitEnable)
            Timers.StartPeriodicTimer(nameof(AutoCommitTick), AutoCommitTick.Instance, _settings.AutoCommitInterval);
    }

    private void TryNext()
    {
        if (_inFlight is not null || _membership is null || !_queue.TryDequeue(out var next))
            return;
        _inFlight = new InFlight(++_nextId, next, new Dictionary<TopicPartition, long>(), 0);
        if (next.Offsets is not null)
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
        var topics = _inFlight.Offsets
            .GroupBy(kv => kv.Key.Topic)
            .Select(g => new OffsetCommitTopic(g.Key, g.Select(kv => new OffsetCommitPartition(kv.Key.Partition, kv.Value)).ToList()))
            .ToList();
        var request = new OffsetCommitRequest(_settings.GroupId, topics, _membership.GenerationId, _membership.MemberId, _membership.GroupInstanceId);
        _inFlight = _inFlight with { Attempts = _inFlight.Attempts + 1 };
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
            var failed = ((OffsetCommitResponse)answer.Response!).Topics
                .SelectMany(t => t.Partitions.Select(p => (Partition: new TopicPartition(t.Name, p.Partition), p.Error)))
                .Where(p => p.Error != ErrorCode.None)
                .ToList();
            if (failed.Count == 0)
            {
                foreach (var (partition, offset) in _inFlight.Offsets)
                    _committed[partition] = offset;
                Finish(null);
                return;
            }

            // The partition whose error demands the most decides what happens to the whole commit.
            var worst = failed.Select(f => f.Error).MaxBy(e => GroupErrors.Severity(GroupErrors.ForCommit(e)));
            trouble = GroupErrors.ForCommit(worst);
            error = new GroupErrorException(_settings.GroupId, ApiKey.OffsetCommit, worst, $"{failed.Count} partition(s), e.g. {failed[0].Partition}");
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

    /// <summary>Commits these offsets (next offset to read), or everything the application has received when null.
    /// Replies <see cref="CommitSucceeded"/> or a failure holding <see cref="CommitFailedException"/>.</summary>
    public sealed record Commit(IReadOnlyDictionary<TopicPartition, long>? Offsets, bool Automatic = false, IActorRef? ReplyTo = null);

    /// <summary>The offsets are committed.</summary>
    public sealed record CommitSucceeded(IReadOnlyDictionary<TopicPartition, long> Offsets);

    /// <summary>An automatic commit failed after every retry (reported to the parent, which reports it on).</summary>
    public sealed record AutomaticCommitFailed(CommitFailedException Error);

    /// <summary>Which membership commits go out under; null while not in the group (commits wait).</summary>
    public sealed record SetMembership(Membership? Membership);

    /// <summary>The generation, member id and instance id commits carry.</summary>
    public sealed record Membership(int GenerationId, string MemberId, string? GroupInstanceId);

    /// <summary>Asks for the offsets committed by this member so far.</summary>
    public sealed record GetCommitted
    {
        /// <summary>The message.</summary>
        public static GetCommitted Instance { get; } = new();
    }

    /// <summary>The offsets committed by this member so far.</summary>
    public sealed record Committed(IReadOnlyDictionary<TopicPartition, long> Offsets);

    private sealed record InFlight(long Id, Commit Commit, Dictionary<TopicPartition, long> Offsets, int Attempts);

    private sealed record RetryCommit(long Id);

    private sealed record AutoCommitTick
    {
        public static AutoCommitTick Instance { get; } = new();
    }
}
