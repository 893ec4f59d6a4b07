using Akka.Actor;
using Sluice.Cluster;
using Sluice.Group;
using Sluice.Settings;

namespace Sluice.Streams.Stages;

/// <summary>
/// The group a committable assigned source commits to without joining it: OffsetCommit with generation -1 and no
/// member id (<see cref="GroupOffsetStore"/>), which the coordinator refuses while the group has members. It closes
/// <c>stop-timeout</c> after its source stops, so a committer downstream can still commit the last batch.
/// </summary>
internal sealed class AssignedCommitTarget : ICommitTarget, IAsyncDisposable
{
    private readonly GroupOffsetStore _store;
    private readonly ClusterMetadata _metadata;
    private int _closed;

    /// <summary>A target committing through <paramref name="metadata"/>, which it disposes when it closes.</summary>
    public AssignedCommitTarget(ActorSystem system, ClusterMetadata metadata, ConsumerSettings settings)
    {
        _metadata = metadata;
        GroupId = settings.GroupId;
        _store = new GroupOffsetStore(
            system, metadata, settings.GroupId, settings.Connection.WithClientId(settings.ClientId), settings.OffsetsCommitMaxRetries + 1, settings.OffsetsChannelBackoff);
    }

    /// <inheritdoc />
    public string GroupId { get; }

    /// <inheritdoc />
    public CommitterBacklog Backlog { get; } = new();

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<TopicPartition, long>> CommitAsync(
        IReadOnlyDictionary<TopicPartition, long> offsets, IReadOnlyDictionary<TopicPartition, int> assignedAt, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _closed) == 1)
            throw new CommitFailedException(GroupId, offsets, 0, new InvalidOperationException("the assigned source stopped more than stop-timeout ago; commits are no longer possible"));
        await _store.CommitAsync(offsets, cancellationToken).ConfigureAwait(false);
        return offsets;
    }

    /// <summary>Closes after <paramref name="delay"/> (at once when zero).</summary>
    public Task CloseAfterAsync(TimeSpan delay, IScheduler scheduler)
    {
        if (delay <= TimeSpan.Zero)
            return DisposeAsync().AsTask();
        scheduler.Advanced.ScheduleOnce(delay, () => _ = DisposeAsync().AsTask());
        return Task.CompletedTask;
    }

    /// <summary>Closes the coordinator session and the connections; later commits fail.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
            return;
        await _store.DisposeAsync().ConfigureAwait(false);
        await _metadata.DisposeAsync().ConfigureAwait(false);
    }
}
