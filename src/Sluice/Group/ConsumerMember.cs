using Akka.Actor;
using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.Group.Assignors;
using Sluice.Settings;

namespace Sluice.Group;

/// <summary>
/// One group member's supervisor actor and cluster metadata, and the asks every front end makes of it: the
/// <see cref="ManagedBalancedConsumer"/> and each materialized stream source hold one. It is released once, by
/// whoever gets there first.
/// </summary>
internal sealed class ConsumerMember : ICommitTarget, IAsyncDisposable
{
    private static readonly TimeSpan AskMargin = TimeSpan.FromSeconds(10);
    private readonly Lazy<Task> _released;

    private ConsumerMember(ConsumerSettings settings, IActorRef supervisor, ClusterMetadata metadata, CommitterBacklog backlog)
    {
        Settings = settings;
        Supervisor = supervisor;
        Metadata = metadata;
        Backlog = backlog;
        _released = new Lazy<Task>(ReleaseOnceAsync);
    }

    public ConsumerSettings Settings { get; }

    /// <inheritdoc />
    public string GroupId => Settings.GroupId;

    public IActorRef Supervisor { get; }

    /// <summary>The member's cluster metadata and its connections.</summary>
    internal ClusterMetadata Metadata { get; }

    /// <inheritdoc />
    public CommitterBacklog Backlog { get; }

    /// <summary>Starts the member's actors (not yet joined), named <paramref name="namePrefix"/>-group-guid.</summary>
    public static ConsumerMember Create(
        ActorSystem system, ConsumerSettings settings, PostRebalanceCallback? callback, IEnumerable<IPartitionAssignor>? customAssignors, string namePrefix)
    {
        var assignors = PartitionAssignors.For(system).Resolve(settings.AssignmentStrategies, customAssignors);
        var metadata = ClusterMetadata.Create(settings.BootstrapServers, settings.Connection.WithClientId(settings.ClientId), LegacyBrokers.For(system));
        var group = new string(settings.GroupId.Select(c => char.IsLetterOrDigit(c) ? c : '-').Take(40).ToArray());
        var backlog = new CommitterBacklog();
        var supervisor = system.ActorOf(ConsumerSupervisor.Props(settings, metadata, assignors, callback, backlog), $"{namePrefix}-{group}-{Guid.NewGuid():N}");
        return new ConsumerMember(settings, supervisor, metadata, backlog);
    }

    /// <summary>
    /// Commits next-to-read offsets (null: everything consumed). With <paramref name="assignedAt"/>, offsets of
    /// partitions given up since those generations are left out. Returns what was committed.
    /// </summary>
    public async Task<IReadOnlyDictionary<TopicPartition, long>> CommitAsync(
        IReadOnlyDictionary<TopicPartition, long>? offsets, IReadOnlyDictionary<TopicPartition, int>? assignedAt, CancellationToken cancellationToken)
    {
        if (_released.IsValueCreated && _released.Value.IsCompleted)
            throw new CommitFailedException(Settings.GroupId, offsets ?? new Dictionary<TopicPartition, long>(), 0, new InvalidOperationException("the member has left the group; commits are no longer possible"));
        var answer = await Supervisor.Ask<OffsetCommitter.CommitSucceeded>(
            new OffsetCommitter.Commit(offsets, AssignedAt: assignedAt), OffsetCommitter.Patience(Settings) + AskMargin, cancellationToken).ConfigureAwait(false);
        return answer.Offsets;
    }

    /// <summary>Where the member is in its life, its generation and member id, and what it holds.</summary>
    public Task<MemberStatus> GetStateAsync(CancellationToken cancellationToken) =>
        Supervisor.Ask<MemberStatus>(ConsumerSupervisor.GetState.Instance, AskMargin, cancellationToken);

    /// <summary>Each held partition's positions, buffered count, leader and lag.</summary>
    public async Task<IReadOnlyList<PartitionStatus>> GetStatusAsync(CancellationToken cancellationToken)
    {
        var status = await Supervisor.Ask<PartitionReader.PartitionStatusList>(PartitionReader.GetStatus.Instance, AskMargin, cancellationToken).ConfigureAwait(false);
        return status.Partitions;
    }

    /// <summary>Commits (when configured), leaves the group and closes; the actors stay until disposed.</summary>
    public Task LeaveAsync(CancellationToken cancellationToken) =>
        Supervisor.Ask<ConsumerSupervisor.Stopped>(ConsumerSupervisor.Stop.Instance, Settings.Connection.RequestTimeout + AskMargin, cancellationToken);

    /// <summary>Leaves the group (see <see cref="LeaveAsync"/>) and releases the member's actors and connections.</summary>
    public ValueTask DisposeAsync() => new(_released.Value);

    private async Task ReleaseOnceAsync()
    {
        try
        {
            await LeaveAsync(CancellationToken.None).ConfigureAwait(false);
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

        await Metadata.DisposeAsync().ConfigureAwait(false);
    }
}
