using Akka.Actor;
using Sluice.Cluster;
using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Messages;

namespace Sluice.Group;

/// <summary>
/// A group's committed offsets, read and written without joining the group (pykafka SimpleConsumer's
/// <c>commit_offsets</c> and <c>fetch_offsets</c>): OffsetCommit with generation -1 and no member id, which a
/// coordinator stores for a group that has no members in a generation, and refuses (ILLEGAL_GENERATION,
/// UNKNOWN_MEMBER_ID) while members hold its partitions, since their commits would be overwritten. Requests go
/// through a <see cref="CoordinatorSession"/> of the store's own; a coordinator that moved or is loading is looked up
/// again and the request retried with a growing backoff.
/// </summary>
internal sealed class GroupOffsetStore : IAsyncDisposable
{
    private static readonly TimeSpan AskMargin = TimeSpan.FromSeconds(10);
    private readonly IActorRef _session;
    private readonly string _groupId;
    private readonly ConnectionSettings _connection;
    private readonly int _maxAttempts;
    private readonly TimeSpan _backoff;
    private bool _found;

    public GroupOffsetStore(ActorSystem system, ClusterMetadata metadata, string groupId, ConnectionSettings connection, int maxAttempts, TimeSpan backoff)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _groupId = groupId;
        _connection = connection;
        _maxAttempts = maxAttempts;
        _backoff = backoff;
        _session = system.ActorOf(CoordinatorSession.Props(metadata, groupId, connection), $"group-offsets-{Guid.NewGuid():N}");
    }

    /// <summary>Commits <paramref name="offsets"/> (the next offset to read, per partition).</summary>
    /// <exception cref="CommitFailedException">The coordinator refused them, or every attempt failed.</exception>
    public async Task CommitAsync(IReadOnlyDictionary<TopicPartition, long> offsets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        if (offsets.Count == 0)
            return;
        var topics = offsets
            .GroupBy(kv => kv.Key.Topic, StringComparer.Ordinal)
            .Select(g => new OffsetCommitTopic(g.Key, g.Select(kv => new OffsetCommitPartition(kv.Key.Partition, kv.Value)).ToList()))
            .ToList();
        var request = new OffsetCommitRequest(_groupId, topics);
        for (var attempt = 1; ; attempt++)
        {
            Exception error;
            try
            {
                var response = await ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
                var failed = response.Topics
                    .SelectMany(t => t.Partitions.Select(p => (Partition: new TopicPartition(t.Name, p.Partition), p.Error)))
                    .Where(p => p.Error != ErrorCode.None)
                    .ToList();
                if (failed.Count == 0)
                    return;
                var worst = failed.Aggregate(ErrorCode.None, (w, f) => GroupErrors.MoreSevere(w, f.Error, GroupErrors.ForCommit));
                error = new GroupErrorException(_groupId, ApiKey.OffsetCommit, worst, $"{failed.Count} partition(s), e.g. {failed[0].Partition}");
                var trouble = GroupErrors.ForCommit(worst);
                if (trouble == GroupTrouble.CoordinatorLost)
                    Forget();
                else if (trouble != GroupTrouble.Retry)
                    throw new CommitFailedException(_groupId, offsets, attempt, error);
            }
            catch (CoordinatorUnavailableException e)
            {
                error = e;
            }

            if (attempt >= _maxAttempts)
                throw new CommitFailedException(_groupId, offsets, attempt, error);
            await Task.Delay(_backoff * attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The committed offsets of <paramref name="partitions"/>; a partition with none is left out.</summary>
    /// <exception cref="GroupErrorException">The coordinator refused the request.</exception>
    /// <exception cref="CoordinatorUnavailableException">No coordinator answered within the attempts.</exception>
    public async Task<IReadOnlyDictionary<TopicPartition, long>> FetchAsync(IEnumerable<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var topics = partitions
            .GroupBy(p => p.Topic, StringComparer.Ordinal)
            .Select(g => new OffsetFetchTopic(g.Key, g.Select(p => p.Partition).Distinct().ToList()))
            .ToList();
        if (topics.Count == 0)
            return new Dictionary<TopicPartition, long>();
        var request = new OffsetFetchRequest(_groupId, topics);
        for (var attempt = 1; ; attempt++)
        {
            Exception error;
            try
            {
                var response = await ExecuteAsync(request, cancellationToken).ConfigureAwait(false);
                var worst = response.Topics.SelectMany(t => t.Partitions).Select(p => p.Error).Append(response.Error)
                    .Aggregate(ErrorCode.None, (w, e) => GroupErrors.MoreSevere(w, e, GroupErrors.ForOffsetFetch));
                if (worst == ErrorCode.None)
                {
                    return response.Topics
                        .SelectMany(t => t.Partitions.Where(p => p.Offset >= 0).Select(p => (Partition: new TopicPartition(t.Name, p.Partition), p.Offset)))
                        .ToDictionary(p => p.Partition, p => p.Offset);
                }

                error = new GroupErrorException(_groupId, ApiKey.OffsetFetch, worst, "fetching committed offsets");
                var trouble = GroupErrors.ForOffsetFetch(worst);
                if (trouble == GroupTrouble.CoordinatorLost)
                    Forget();
                else if (trouble != GroupTrouble.Retry)
                    throw error;
            }
            catch (CoordinatorUnavailableException e)
            {
                error = e;
            }

            if (attempt >= _maxAttempts)
                throw error;
            await Task.Delay(_backoff * attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the coordinator session and closes its connections.</summary>
    public async ValueTask DisposeAsync() => await _session.GracefulStop(AskMargin).ConfigureAwait(false);

    // Looks the coordinator up first when it is not known; a lost coordinator shows as CoordinatorUnavailableException
    // (the session forgets it, so the next attempt looks it up again).
    private async Task<TResponse> ExecuteAsync<TResponse>(IKafkaRequest<TResponse> request, CancellationToken cancellationToken)
        where TResponse : notnull
    {
        if (!_found)
        {
            try
            {
                await _session.Ask<CoordinatorSession.CoordinatorFound>(CoordinatorSession.Discover.Instance, _connection.RequestTimeout + AskMargin, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not CoordinatorUnavailableException)
            {
                throw new CoordinatorUnavailableException(_groupId, e.Message, e);
            }

            _found = true;
        }

        var executed = await _session.Ask<CoordinatorSession.Executed>(
            CoordinatorSession.Execute.Of(CoordinatorLane.Control, request, _connection.RequestTimeout, request.ApiKey),
            _connection.RequestTimeout + AskMargin,
            cancellationToken).ConfigureAwait(false);
        if (executed.Error is CoordinatorUnavailableException lost)
        {
            _found = false;
            throw lost;
        }

        if (executed.Error is not null)
            throw executed.Error;
        return (TResponse)executed.Response!;
    }

    private void Forget()
    {
        _found = false;
        _session.Tell(CoordinatorSession.Forget.Instance);
    }
}
