using Akka.Actor;
using Sluice.Cluster;
using Sluice.Group;
using Sluice.Settings;

namespace Sluice.Streams.Stages;

/// <summary>
/// The group member behind one materialized source: its supervisor actor and cluster metadata. Commits of the
/// source's offsets go through it, and it is stopped once, by whoever gets there first (the control, the stage
/// after a failure, or the stop timeout).
/// </summary>
internal sealed class ConsumerMember
{
    private static readonly TimeSpan AskMargin = TimeSpan.FromSeconds(10);
    private readonly ClusterMetadata _metadata;
    private readonly Lazy<Task> _stopped;

    private ConsumerMember(ConsumerSettings settings, IActorRef supervisor, ClusterMetadata metadata)
    {
        Settings = settings;
        Supervisor = supervisor;
        _metadata = metadata;
        _stopped = new Lazy<Task>(StopOnceAsync);
    }

    public ConsumerSettings Settings { get; }

    public IActorRef Supervisor { get; }

    public static ConsumerMember Create(ActorSystem system, ConsumerSettings settings, PostRebalanceCallback? callback)
    {
        var assignors = AssignmentStrategies.Resolve(settings.AssignmentStrategies, null);
        var metadata = ClusterMetadata.Create(settings.BootstrapServers, settings.Connection.WithClientId(settings.ClientId));
        var name = $"sluice-stream-{new string(settings.GroupId.Select(c => char.IsLetterOrDigit(c) ? c : '-').Take(40).ToArray())}-{Guid.NewGuid():N}";
        var supervisor = system.ActorOf(ConsumerSupervisor.Props(settings, metadata, assignors, callback), name);
        return new ConsumerMember(settings, supervisor, metadata);
    }

    /// <summary>Commits next-to-read offsets of partitions held since <paramref name="assignedAt"/>'s generations.</summary>
    public async Task<IReadOnlyDictionary<TopicPartition, long>> CommitAsync(
        IReadOnlyDictionary<TopicPartition, long> offsets, IReadOnlyDictionary<TopicPartition, int> assignedAt, CancellationToken cancellationToken)
    {
        if (_stopped.IsValueCreated && _stopped.Value.IsCompleted)
            throw new CommitFailedException(Settings.GroupId, offsets, 0, new InvalidOperationException("the member has left the group; commits are no longer possible"));
        var answer = await Supervisor.Ask<OffsetCommitter.CommitSucceeded>(
            new OffsetCommitter.Commit(offsets, AssignedAt: assignedAt), OffsetCommitter.Patience(Settings) + AskMargin, cancellationToken).ConfigureAwait(false);
        return answer.Offsets;
    }

    /// <summary>Commits (when configured), leaves the group and releases the member's actors and connections.</summary>
    public Task StopAsync() => _stopped.Value;

    private async Task StopOnceAsync()
    {
        try
        {
            await Supervisor.Ask<ConsumerSupervisor.Stopped>(ConsumerSupervisor.Stop.Instance, Settings.Connection.RequestTimeout + AskMargin).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
        {
            // A member that cannot leave in time is stopped regardless; the coordinator evicts it after the session timeout.
        }

        try
        {
            await Supervisor.GracefulStop(AskMargin).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            // The actor system is shutting down and stops the member itself.
        }

        await _metadata.DisposeAsync().ConfigureAwait(false);
    }
}
