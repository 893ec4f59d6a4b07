using Akka.Actor;
using Sluice.Protocol;
using Sluice.Protocol.Messages;

namespace Sluice.Group;

/// <summary>
/// Sends a heartbeat every interval on the coordinator's control lane while the member is stable, and reports
/// to its parent what the answers mean: a rebalance has started, the membership is gone, the coordinator moved.
/// Every report carries the generation the heartbeat was sent under, so the parent can drop stale ones.
/// </summary>
internal sealed class Heartbeat : UntypedActor, IWithTimers
{
    private readonly IActorRef _session;
    private readonly string _groupId;
    private Beating? _beating;
    private bool _inFlight;

    public Heartbeat(IActorRef session, string groupId)
    {
        _session = session;
        _groupId = groupId;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Tick:
                Beat();
                break;
            case CoordinatorSession.Executed answer:
                OnAnswer(answer);
                break;
            case Start start:
                OnStart(start);
                break;
            case StopBeating:
                _beating = null;
                Timers.CancelAll();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Props for the actor.</summary>
    public static Props Props(IActorRef session, string groupId) => LocalProps.Of(() => new Heartbeat(session, groupId));

    private void OnStart(Start start)
    {
        _beating = new Beating(start.GenerationId, start.MemberId, start.GroupInstanceId, start.Interval);
        Timers.StartPeriodicTimer(nameof(Tick), Tick.Instance, start.Interval);
    }

    // One heartbeat at a time: a slow coordinator must not see a pile of them, and a late answer would only
    // repeat what the next one says.
    private void Beat()
    {
        if (_beating is null || _inFlight)
            return;
        _inFlight = true;
        var request = new HeartbeatRequest(_groupId, _beating.GenerationId, _beating.MemberId, _beating.GroupInstanceId);
        var timeout = _beating.Interval + TimeSpan.FromSeconds(10);
        _session.Tell(CoordinatorSession.Execute.Of(CoordinatorLane.Control, request, timeout, _beating.GenerationId));
    }

    private void OnAnswer(CoordinatorSession.Executed answer)
    {
        _inFlight = false;
        var generation = (int)answer.Tag;
        if (_beating is null || generation != _beating.GenerationId)
            return;

        if (answer.Error is not null)
        {
            Context.Parent.Tell(new Trouble(generation, GroupTrouble.CoordinatorLost, answer.Error));
            return;
        }

        var error = ((HeartbeatResponse)answer.Response!).Error;
        if (error == ErrorCode.None)
            return;
        var trouble = GroupErrors.ForHeartbeat(error);
        if (trouble is { } kind)
            Context.Parent.Tell(new Trouble(generation, kind, new GroupErrorException(_groupId, ApiKey.Heartbeat, error)));
    }

    /// <summary>Starts (or restarts) heartbeating for a generation.</summary>
    public sealed record Start(int GenerationId, string MemberId, string? GroupInstanceId, TimeSpan Interval);

    /// <summary>Stops heartbeating (a rebalance or a stop is under way).</summary>
    public sealed record StopBeating
    {
        /// <summary>The message.</summary>
        public static StopBeating Instance { get; } = new();
    }

    /// <summary>What a heartbeat found wrong, under which generation.</summary>
    public sealed record Trouble(int GenerationId, GroupTrouble Kind, Exception Error);

    private sealed record Beating(int GenerationId, string MemberId, string? GroupInstanceId, TimeSpan Interval);

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }
}
