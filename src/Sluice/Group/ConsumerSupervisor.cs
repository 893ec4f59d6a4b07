using Akka.Actor;
using Akka.Event;
using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.Group.Assignors;
using Sluice.Settings;

namespace Sluice.Group;

/// <summary>
/// One group member. Runs the membership state machine (Discovering → Joining → Syncing → Stable ⇄ Rebalancing →
/// Stopping → Stopped) over its children — the <see cref="CoordinatorSession"/>, the <see cref="Heartbeat"/>, the
/// <see cref="OffsetCommitter"/> and the <see cref="PartitionReader"/> with its fetchers — and is the only actor
/// that changes the assignment. Children report facts stamped with the generation they were asked under; the
/// supervisor drops stale ones and decides.
/// </summary>
internal sealed partial class ConsumerSupervisor : UntypedActor, IWithTimers
{
    private readonly ConsumerSettings _settings;
    private readonly ClusterMetadata _metadata;
    private readonly PostRebalanceCallback? _callback;
    private readonly IReadOnlyList<IPartitionAssignor> _assignors;
    private readonly CommitterBacklog _backlog;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _startWaiters = new();
    private readonly HashSet<IActorRef> _listeners = new();
    private IActorRef _session = ActorRefs.Nobody;
    private IActorRef _heartbeat = ActorRefs.Nobody;
    private IActorRef _committer = ActorRefs.Nobody;
    private IActorRef _reader = ActorRefs.Nobody;
    private IActorRef? _stopRequester;
    private MemberState _state = MemberState.Idle;
    private string _memberId = string.Empty;
    private int _generationId = -1;
    private string? _protocolName;
    private IReadOnlySet<TopicPartition> _assignment = new HashSet<TopicPartition>();
    private bool _assignedBefore;
    private int _attempts;
    private Exception? _failure;
    private long _step;

    public ConsumerSupervisor(ConsumerSettings settings, ClusterMetadata metadata, IReadOnlyList<IPartitionAssignor> assignors, PostRebalanceCallback? callback, CommitterBacklog backlog)
    {
        _backlog = backlog;
        _settings = settings;
        _metadata = metadata;
        _assignors = assignors;
        _callback = callback;
        _matcher = settings.TopicPattern is { } pattern ? new TopicMatcher(pattern) : null;
        _subscription = _matcher is null ? settings.Topics : [];
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case PartitionReader.Poll poll:
                ForwardToReader(poll);
                break;
            case FetchEvent fetchEvent:
                Publish(new GroupEvent.Fetch(fetchEvent));
                break;
            case CoordinatorSession.Executed executed:
                OnExecuted(executed);
                break;
            case Heartbeat.Trouble trouble:
                OnTrouble(trouble);
                break;
            case OffsetCommitter.Commit commit:
                _committer.Forward(commit);
                break;
            case OffsetCommitter.CommitSucceeded:
                AfterRevokeCommit();
                break;
            case OffsetCommitter.AutomaticCommitFailed failed:
                Publish(new GroupEvent.CommitFailed(failed.Error));
                break;
            case Start:
                OnStart();
                break;
            case Stop:
                OnStop();
                break;
            case GetState:
                Sender.Tell(new MemberStatus(_state, _generationId, _memberId, _assignment, _failure));
                break;
            case Subscribe subscribe:
                _listeners.Add(subscribe.Listener);
                break;
            case PartitionReader.GetStatus getStatus:
                ForwardToReader(getStatus);
                break;
            case PartitionReader.Seek seek:
                ForwardToReader(seek);
                break;
            case OffsetCommitter.GetCommitted getCommitted:
                _committer.Forward(getCommitted);
                break;
            case CoordinatorSession.CoordinatorFound found:
                OnCoordinatorFound(found);
                break;
            case Status.Failure failure:
                OnDiscoveryFailed(failure);
                break;
            case RetryStep retry:
                if (retry.Step == _step)
                    Retry(retry.Action);
                break;
            case PartitionReader.Revoked revoked:
                OnRevoked(revoked);
                break;
            case AssignmentComputed computed:
                OnAssignmentComputed(computed);
                break;
            case PartitionReader.Done:
                break;
            case OffsetCommitter.Flushed:
                OnFlushed();
                break;
            case AttachStream attach:
                OnAttachStream(attach);
                break;
            case DetachStream detach:
                OnDetachStream(detach);
                break;
            case PartitionsReleased released:
                OnPartitionsReleased(released);
                break;
            case ReleaseTimedOut timedOut:
                OnReleaseTimedOut(timedOut);
                break;
            case Terminated terminated:
                if (Equals(terminated.ActorRef, _stream))
                    OnDetachStream(new DetachStream(new Dictionary<TopicPartition, long>()));
                break;
            case CheckMetadata:
                OnCheckMetadata();
                break;
            case MetadataChecked checkedMetadata:
                OnMetadataChecked(checkedMetadata);
                break;
            case SubscriptionResolved resolved:
                OnSubscriptionResolved(resolved);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Props for the actor.</summary>
    public static Props Props(ConsumerSettings settings, ClusterMetadata metadata, IReadOnlyList<IPartitionAssignor> assignors, PostRebalanceCallback? callback, CommitterBacklog backlog) =>
        LocalProps.Of(() => new ConsumerSupervisor(settings, metadata, assignors, callback, backlog));

    // A crashed child is restarted in place; what must survive it (assignment, membership) lives here.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(10, TimeSpan.FromMinutes(1), _ => Directive.Restart);

    // The member's metadata connections close with the member however it stops: an actor system that terminates
    // (a process killed on purpose, a test's "crash") never runs the ConsumerMember's disposal. Closing twice is
    // harmless, and the coordinator still learns of the member only from its session timeout.
    protected override void PostStop()
    {
        _ = _metadata.DisposeAsync().AsTask();
        base.PostStop();
    }

    // A restart keeps the metadata for the new instance: only the children go, not PostStop's closing.
    protected override void PreRestart(Exception reason, object message)
    {
        foreach (var child in Context.GetChildren())
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }
    }

    protected override void PreStart()
    {
        _session = Context.ActorOf(CoordinatorSession.Props(_metadata, _settings.GroupId, _settings.Connection.WithClientId(_settings.ClientId)), "coordinator");
        _reader = Context.ActorOf(PartitionReader.Props(_metadata, _settings.ToFetchSettings()), "reader");
        _heartbeat = Context.ActorOf(Heartbeat.Props(_session, _settings.GroupId), "heartbeat");
        _committer = Context.ActorOf(OffsetCommitter.Props(_session, _reader, _settings), "committer");
        _reader.Tell(new PartitionReader.Subscribe(Self));
    }

    private void OnStart()
    {
        if (_state is MemberState.Stable)
        {
            Sender.Tell(new Started(_generationId, _memberId, _assignment));
            return;
        }

        if (_state is MemberState.Failed or MemberState.Stopped)
        {
            Sender.Tell(new Status.Failure(_failure ?? new InvalidOperationException("The consumer has stopped.")));
            return;
        }

        _startWaiters.Add(Sender);
        if (_state == MemberState.Idle)
            Discover();
    }

    private void ForwardToReader(object message)
    {
        if (_state == MemberState.Failed && _failure is not null && message is PartitionReader.Poll)
            Sender.Tell(new Status.Failure(_failure));
        else if (_state == MemberState.Stopped && message is PartitionReader.Poll)
            Sender.Tell(new Status.Failure(new ConsumerStoppedException(_settings.GroupId)));
        else
            _reader.Forward(message);
    }

    private void Become(MemberState state)
    {
        if (_state == state)
            return;
        _log.Debug("Group {0}: {1} -> {2}", _settings.GroupId, _state, state);
        _state = state;
        _step++;
    }

    private void Publish(GroupEvent groupEvent)
    {
        foreach (var listener in _listeners)
            listener.Tell(groupEvent);
    }

    // Each try of a step waits longer: pykafka waited attempt × rebalance-backoff, capped here at 30 s.
    private void ScheduleRetry(RetryAction action, TimeSpan unit)
    {
        var wait = TimeSpan.FromTicks(Math.Min(unit.Ticks * Math.Max(1, _attempts), TimeSpan.FromSeconds(30).Ticks));
        Timers.StartSingleTimer(nameof(RetryStep), new RetryStep(_step, action), wait);
    }

    private void Retry(RetryAction action)
    {
        switch (action)
        {
            case RetryAction.Discover:
                Discover();
                break;
            case RetryAction.Join:
                SendJoin();
                break;
            case RetryAction.FetchOffsets:
                FetchCommittedOffsets();
                break;
        }
    }

    /// <summary>Joins the group; replies <see cref="Started"/> once the first assignment is being read, or a failure.</summary>
    public sealed record Start
    {
        /// <summary>The message.</summary>
        public static Start Instance { get; } = new();
    }

    /// <summary>The member is in the group, reading <paramref name="Assignment"/>.</summary>
    public sealed record Started(int GenerationId, string MemberId, IReadOnlySet<TopicPartition> Assignment);

    /// <summary>Commits (if configured), leaves the group at once and stops; replies <see cref="Stopped"/>.</summary>
    public sealed record Stop
    {
        /// <summary>The message.</summary>
        public static Stop Instance { get; } = new();
    }

    /// <summary>The member has left and stopped.</summary>
    public sealed record Stopped
    {
        /// <summary>The message.</summary>
        public static Stopped Instance { get; } = new();
    }

    /// <summary>Asks for a <see cref="MemberStatus"/>.</summary>
    public sealed record GetState
    {
        /// <summary>The message.</summary>
        public static GetState Instance { get; } = new();
    }

    /// <summary>Sends every <see cref="GroupEvent"/> to <paramref name="Listener"/> from now on.</summary>
    public sealed record Subscribe(IActorRef Listener);

    private enum RetryAction
    {
        Discover,
        Join,
        FetchOffsets,
    }

    private sealed record RetryStep(long Step, RetryAction Action);
}
