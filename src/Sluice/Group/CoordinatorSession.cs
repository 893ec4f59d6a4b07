using Akka.Actor;
using Akka.Event;
using Sluice.Cluster;
using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Messages;

namespace Sluice.Group;

/// <summary>
/// Finds the group's coordinator and owns the connections to it: a group lane for JoinGroup/SyncGroup (which
/// the coordinator may hold for the whole rebalance) and a control lane for heartbeats, commits, offset
/// fetches and leaving, so a heartbeat never waits behind a join. Other actors run their requests through it;
/// when a lane fails, the coordinator is forgotten and must be looked up again.
/// </summary>
internal sealed class CoordinatorSession : UntypedActor
{
    private readonly ClusterMetadata _metadata;
    private readonly string _groupId;
    private readonly ConnectionSettings _connection;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private BrokerConnection? _groupLane;
    private BrokerConnection? _controlLane;
    private int _coordinatorEpoch;

    public CoordinatorSession(ClusterMetadata metadata, string groupId, ConnectionSettings connection)
    {
        _metadata = metadata;
        _groupId = groupId;
        _connection = connection;
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Execute execute:
                OnExecute(execute);
                break;
            case Found found:
                OnFound(found);
                break;
            case Discover:
                OnDiscover();
                break;
            case LaneFailed failed:
                OnLaneFailed(failed);
                break;
            case Forget:
                CloseLanes("asked to forget the coordinator");
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Props for the actor.</summary>
    public static Props Props(ClusterMetadata metadata, string groupId, ConnectionSettings connection) =>
        LocalProps.Of(() => new CoordinatorSession(metadata, groupId, connection));

    protected override void PostStop() => CloseLanes("stopped");

    private void OnDiscover()
    {
        var replyTo = Sender;
        FindAsync().PipeTo(Self, success: f => f with { ReplyTo = replyTo }, failure: e => new Found(replyTo, null, null, null, e));
    }

    // Any broker can say who coordinates a group. A fresh cluster answers COORDINATOR_NOT_AVAILABLE while it
    // creates the offsets topic; the caller retries after its backoff.
    private async Task<Found> FindAsync()
    {
        var snapshot = await _metadata.RefreshAsync([]).ConfigureAwait(false);
        var failures = new List<string>();
        foreach (var broker in snapshot.Brokers.Values.OrderBy(_ => Random.Shared.Next()))
        {
            try
            {
                var connection = await _metadata.ConnectionToAsync(broker.Endpoint).ConfigureAwait(false);
                var answer = (await connection.SendAsync(new FindCoordinatorRequest(_groupId)).ConfigureAwait(false)).For(_groupId);
                if (answer is null || answer.Error != ErrorCode.None)
                    throw new CoordinatorUnavailableException(_groupId, $"broker {broker.Id} answered {answer?.Error.ToString() ?? "nothing"} {answer?.ErrorMessage}".Trim());

                var endpoint = new BrokerEndpoint(answer.Host, answer.Port);
                var group = await _metadata.OpenDedicatedConnectionAsync(endpoint, _connection).ConfigureAwait(false);
                BrokerConnection control;
                try
                {
                    control = await _metadata.OpenDedicatedConnectionAsync(endpoint, _connection).ConfigureAwait(false);
                }
                catch
                {
                    await group.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                return new Found(ActorRefs.Nobody, new CoordinatorFound(answer.NodeId, endpoint), group, control, null);
            }
            catch (Exception e) when (e is KafkaConnectionException or CoordinatorUnavailableException)
            {
                failures.Add(e.Message);
            }
        }

        throw new CoordinatorUnavailableException(_groupId, string.Join("; ", failures));
    }

    private void OnFound(Found found)
    {
        if (found.Error is not null)
        {
            found.ReplyTo.Tell(new Status.Failure(found.Error));
            return;
        }

        CloseLanes("a new coordinator was found");
        _groupLane = found.GroupLane;
        _controlLane = found.ControlLane;
        _coordinatorEpoch++;
        _log.Info("Group {0}: coordinator is broker {1} at {2}", _groupId, found.Coordinator!.NodeId, found.Coordinator.Endpoint);
        found.ReplyTo.Tell(found.Coordinator);
    }

    private void OnExecute(Execute execute)
    {
        var lane = execute.Lane == CoordinatorLane.Group ? _groupLane : _controlLane;
        var replyTo = Sender;
        if (lane is null || !lane.IsConnected)
        {
            replyTo.Tell(new Executed(execute.Tag, null, new CoordinatorUnavailableException(_groupId, "no connection to it; look it up first")));
            return;
        }

        var epoch = _coordinatorEpoch;
        var self = Self;
        execute.Send(lane).ContinueWith(
            t =>
            {
                var error = t.Exception?.GetBaseException() ?? (t.IsCanceled ? new TaskCanceledException() : null);
                if (error is KafkaConnectionException)
                    self.Tell(new LaneFailed(epoch, error));
                var reported = error is KafkaConnectionException ? new CoordinatorUnavailableException(_groupId, error.Message, error) : error;
                replyTo.Tell(new Executed(execute.Tag, error is null ? t.Result : null, reported));
            },
            TaskScheduler.Default);
    }

    private void OnLaneFailed(LaneFailed failed)
    {
        if (failed.Epoch == _coordinatorEpoch)
            CloseLanes(failed.Error.Message);
    }

    private void CloseLanes(string reason)
    {
        if (_groupLane is null && _controlLane is null)
            return;
        _log.Debug("Group {0}: closing coordinator connections ({1})", _groupId, reason);
        foreach (var lane in new[] { _groupLane, _controlLane })
        {
            if (lane is not null)
                _ = lane.DisposeAsync().AsTask();
        }

        _groupLane = null;
        _controlLane = null;
        _coordinatorEpoch++;
    }

    /// <summary>Looks the coordinator up and connects to it; replies <see cref="CoordinatorFound"/> or a failure.</summary>
    public sealed record Discover
    {
        /// <summary>The message.</summary>
        public static Discover Instance { get; } = new();
    }

    /// <summary>The coordinator, now connected.</summary>
    public sealed record CoordinatorFound(int NodeId, BrokerEndpoint Endpoint);

    /// <summary>Closes the connections: the coordinator moved (NOT_COORDINATOR) and must be looked up again.</summary>
    public sealed record Forget
    {
        /// <summary>The message.</summary>
        public static Forget Instance { get; } = new();
    }

    /// <summary>Runs a request on a lane; replies <see cref="Executed"/> carrying <paramref name="Tag"/>.</summary>
    public sealed record Execute(CoordinatorLane Lane, Func<BrokerConnection, Task<object>> Send, object Tag)
    {
        /// <summary>An <see cref="Execute"/> for a typed request.</summary>
        public static Execute Of<TResponse>(CoordinatorLane lane, IKafkaRequest<TResponse> request, TimeSpan timeout, object tag)
            where TResponse : notnull =>
            new(lane, async connection => await connection.SendAsync(request, timeout).ConfigureAwait(false), tag);
    }

    /// <summary>The answer to an <see cref="Execute"/>: a response, or the error (a lost coordinator shows as
    /// <see cref="CoordinatorUnavailableException"/>).</summary>
    public sealed record Executed(object Tag, object? Response, Exception? Error) : IDeadLetterSuppression;

    private sealed record Found(IActorRef ReplyTo, CoordinatorFound? Coordinator, BrokerConnection? GroupLane, BrokerConnection? ControlLane, Exception? Error);

    private sealed record LaneFailed(int Epoch, Exception Error);
}
