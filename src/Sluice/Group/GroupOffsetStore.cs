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
    private readonly CancellationTokenSource _closing = new();
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
    public Task CommitAsync(IReadOnlyDictionary<TopicPartition, long> offsets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        if (offsets.Count == 0)
            return Task.CompletedTask;
        return RequestAsync(
            new OffsetCommitRequest(_groupId, OffsetRequests.CommitTopics(offsets)),
            response => GroupErrors.Refusal(_groupId, response),
            _ => true,
            GroupErrors.ForCommit,
            (attempts, error) => new CommitFailedException(_groupId, offsets, attempts, error),
            cancellationToken);
    }

    /// <summary>The committed offsets of <paramref name="partitions"/>; a partition with none is left out.</summary>
    /// <exception cref="GroupErrorException">The coordinator refused the request.</exception>
    /// <exception cref="CoordinatorUnavailableException">No coordinator answered within the attempts.</exception>
    public Task<IReadOnlyDictionary<TopicPartition, long>> FetchAsync(IEnumerable<TopicPartition> partitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var topics = OffsetRequests.FetchTopics(partitions);
        if (topics.Count == 0)
            return Task.FromResult<IReadOnlyDictionary<TopicPartition, long>>(new Dictionary<TopicPartition, long>());
        return RequestAsync(
            new OffsetFetchRequest(_groupId, topics),
            response => GroupErrors.Worst(response) is var worst && worst != ErrorCode.None
                ? new GroupErrorException(_groupId, ApiKey.OffsetFetch, worst, "fetching committed offsets")
                : null,
            response => (IReadOnlyDictionary<TopicPartition, long>)response.Topics
                .SelectMany(t => t.Partitions.Where(p => p.Offset >= 0).Select(p => (Partition: new TopicPartition(t.Name, p.Partition), p.Offset)))
                .ToDictionary(p => p.Partition, p => p.Offset),
            GroupErrors.ForOffsetFetch,
            (_, error) => error,
            cancellationToken);
    }

    // One request, tried up to the attempts: a coordinator that cannot be reached, has moved (looked up again) or
    // asks for a retry (loading its offsets) is tried again after a growing backoff; any other refusal ends it at once.
    // giveUp makes the exception thrown after the given number of attempts from the last error.
    private async Task<T> RequestAsync<TResponse, T>(
        IKafkaRequest<TResponse> request,
        Func<TResponse, GroupErrorException?> refusal,
        Func<TResponse, T> result,
        Func<ErrorCode, GroupTrouble> classify,
        Func<int, Exception, Exception> giveUp,
        CancellationToken cancellationToken)
        where TResponse : notnull
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception error;
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
                var response = await ExecuteAsync(request, linked.Token).ConfigureAwait(false);
                if (refusal(response) is not { } refused)
                    return result(response);
                error = refused;
                var trouble = classify(refused.Error);
                if (trouble == GroupTrouble.CoordinatorLost)
                    Forget();
                else if (trouble != GroupTrouble.Retry)
                    throw giveUp(attempt, refused);
            }
            catch (CoordinatorUnavailableException e)
            {
                error = e;
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Closed while asking: the session is gone and would never answer, so waiting out the ask's timeout
                // on every attempt would only delay the same failure.
                throw giveUp(attempt, Closed());
            }

            if (attempt >= _maxAttempts)
                throw giveUp(attempt, error);
            if (_closing.IsCancellationRequested)
                throw giveUp(attempt, Closed());
            await Task.Delay(_backoff * attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the coordinator session and closes its connections; requests under way and later ones fail at
    /// once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested)
            return;
        await _closing.CancelAsync().ConfigureAwait(false);
        await _session.GracefulStop(AskMargin).ConfigureAwait(false);
    }

    private InvalidOperationException Closed() => new($"the offset store of group {_groupId} was closed");

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
