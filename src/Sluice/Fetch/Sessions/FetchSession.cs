using Sluice.Protocol;
using Sluice.Protocol.Messages;

namespace Sluice.Fetch.Sessions;

/// <summary>
/// The client side of one broker's fetch session (KIP-227, Fetch v7+). It builds each Fetch from the partitions
/// the fetcher wants now and follows the broker's answers:
/// <list type="bullet">
/// <item>no session: a full fetch with id 0 / epoch 0 asks the broker to open one;</item>
/// <item>a session: an incremental fetch (id / 1, 2, …, wrapping after <see cref="int.MaxValue"/> to 1) carries
/// only new or changed partitions and lists removed ones as forgotten;</item>
/// <item>a broker that answers id 0, or one older than Fetch v7, gets full sessionless fetches (0 / -1);</item>
/// <item>FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH, FETCH_SESSION_TOPIC_ID_ERROR, any other
/// top-level error, or an unanswered fetch drop the session: the next fetch is full again.</item>
/// </list>
/// Pure logic with no I/O. One fetcher owns it and keeps one Fetch in flight at a time.
/// </summary>
public sealed class FetchSession
{
    private const short FirstSessionVersion = 7;
    private const short FirstTopicIdVersion = 13;

    private readonly short _maxVersion;
    private Dictionary<(string Topic, int Partition), FetchPartition> _partitions = [];
    private bool _usesTopicIds;
    private int _epoch;

    private FetchRequest? _pending;
    private Dictionary<(string Topic, int Partition), FetchPartition>? _pendingTarget;
    private bool _pendingUsesTopicIds;

    /// <summary>Creates a session with no broker state yet.</summary>
    /// <param name="maxFetchVersion">
    /// The Fetch version the connection sends this broker when every topic id is known: the highest both sides
    /// support, after any user cap. Below 7 the broker has no sessions; from 13 on sessions name topics by id.
    /// </param>
    public FetchSession(short maxFetchVersion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFetchVersion);
        _maxVersion = maxFetchVersion;
        State = maxFetchVersion >= FirstSessionVersion ? FetchSessionState.None : FetchSessionState.Sessionless;
    }

    /// <summary>Where the session stands.</summary>
    public FetchSessionState State { get; private set; }

    /// <summary>The broker's id for the open session, or 0.</summary>
    public int SessionId { get; private set; }

    /// <summary>The epoch the next fetch carries: 0 to open a session, -1 sessionless, 1 or more inside a session.</summary>
    public int NextEpoch => State switch
    {
        FetchSessionState.None => 0,
        FetchSessionState.Sessionless => -1,
        _ => _epoch,
    };

    /// <summary>The partitions the broker holds in the open session, with the parameters it last received.</summary>
    public IReadOnlyCollection<FetchPartition> Partitions => _partitions.Values;

    /// <summary>True while a fetch built here waits for <see cref="HandleResponse"/> or <see cref="HandleFailure"/>.</summary>
    public bool IsAwaitingResponse => _pending is not null;

    /// <summary>Builds the next fetch for the partitions the fetcher wants now.</summary>
    /// <param name="wanted">Every partition to read from this broker, in the order the broker should fill them.</param>
    /// <param name="options">Wait, size limits, isolation level and rack.</param>
    /// <exception cref="ArgumentException">A partition is null, has no topic name, or appears twice.</exception>
    /// <exception cref="InvalidOperationException">The previous fetch has not been answered or failed yet.</exception>
    public FetchRequest BuildRequest(IReadOnlyList<FetchPartition> wanted, FetchRequestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        if (_pending is not null)
            throw new InvalidOperationException("The previous fetch is still unanswered: pass its response to HandleResponse, or call HandleFailure, first.");

        var target = Index(wanted);
        var usesTopicIds = _maxVersion >= FirstTopicIdVersion && wanted.All(p => p.TopicId != Guid.Empty);

        // A session keeps the naming it was opened with; the broker refuses the other (FETCH_SESSION_TOPIC_ID_ERROR).
        if (State == FetchSessionState.Active && usesTopicIds != _usesTopicIds)
            Reset();

        var request = State switch
        {
            FetchSessionState.None => new FetchRequest(wanted, options, sessionId: 0, sessionEpoch: 0, useTopicIds: usesTopicIds),
            FetchSessionState.Sessionless => new FetchRequest(wanted, options, useTopicIds: usesTopicIds),
            _ => BuildIncremental(wanted, target, options, usesTopicIds),
        };

        _pending = request;
        _pendingTarget = target;
        _pendingUsesTopicIds = usesTopicIds;
        return request;
    }

    /// <summary>Follows the broker's answer to the fetch built last and names the partitions it answered.</summary>
    /// <exception cref="InvalidOperationException">No fetch built here is waiting for an answer.</exception>
    public FetchSessionResult HandleResponse(FetchResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var request = _pending ?? throw new InvalidOperationException("No fetch built by this session is waiting for its response.");
        var target = _pendingTarget!;
        var usesTopicIds = _pendingUsesTopicIds;
        ClearPending();

        var answered = Match(response, target);
        var reset = false;
        switch (request.SessionEpoch)
        {
            case -1:
                break;
            case 0:
                // The broker keeps nothing after an error; 0 means it keeps no session for us (cache full, or none at all).
                if (response.Error != ErrorCode.None)
                    break;
                if (response.SessionId == 0)
                {
                    State = FetchSessionState.Sessionless;
                    break;
                }

                State = FetchSessionState.Active;
                SessionId = response.SessionId;
                _epoch = 1;
                _partitions = target;
                _usesTopicIds = usesTopicIds;
                break;
            default:
                // Session errors (70, 71, 106), any other top-level error, or a different or zero id: the broker's
                // view of the session is gone or unknown, so start over with a full fetch.
                if (response.Error != ErrorCode.None || response.SessionId != request.SessionId)
                {
                    Reset();
                    reset = true;
                    break;
                }

                _partitions = target;
                _epoch = EpochAfter(_epoch);
                break;
        }

        return new FetchSessionResult(response.Error, reset, answered);
    }

    /// <summary>
    /// The fetch built last got no answer (timeout, lost connection). Whether the broker applied it is unknown, so
    /// an open session is dropped and the next fetch is full.
    /// </summary>
    public void HandleFailure()
    {
        ClearPending();
        if (State == FetchSessionState.Active)
            Reset();
    }

    /// <summary>
    /// Builds the fetch that closes the open session on shutdown (its id, epoch -1), with no partitions and no wait,
    /// and forgets the session; null when no session is open. A fetch still in flight is abandoned: its answer needs
    /// no handling.
    /// </summary>
    public FetchRequest? BuildCloseRequest(FetchRequestOptions? options = null)
    {
        ClearPending();
        if (State != FetchSessionState.Active)
            return null;

        var request = new FetchRequest([], (options ?? FetchRequestOptions.Default) with { MaxWaitMs = 0 }, SessionId, sessionEpoch: -1, useTopicIds: _usesTopicIds);
        Reset();
        return request;
    }

    /// <summary>The epoch after <paramref name="epoch"/>: epochs run 1 … <see cref="int.MaxValue"/>, then start again at 1 (0 and -1 are reserved).</summary>
    internal static int EpochAfter(int epoch) => epoch == int.MaxValue ? 1 : epoch + 1;

    private FetchRequest BuildIncremental(
        IReadOnlyList<FetchPartition> wanted,
        Dictionary<(string Topic, int Partition), FetchPartition> target,
        FetchRequestOptions? options,
        bool usesTopicIds)
    {
        var changed = new List<FetchPartition>();
        var forgotten = new List<FetchTopicPartition>();
        foreach (var partition in wanted)
        {
            if (!_partitions.TryGetValue((partition.Topic, partition.Partition), out var known))
            {
                changed.Add(partition);
            }
            else if (usesTopicIds && known.TopicId != partition.TopicId)
            {
                // From v13 the broker keys the session by topic id: a recreated topic is another partition.
                forgotten.Add(KeyOf(known));
                changed.Add(partition);
            }
            else if (known.FetchOffset != partition.FetchOffset
                     || known.CurrentLeaderEpoch != partition.CurrentLeaderEpoch
                     || known.PartitionMaxBytes != partition.PartitionMaxBytes)
            {
                changed.Add(partition);
            }
        }

        foreach (var (key, known) in _partitions)
        {
            if (!target.ContainsKey(key))
                forgotten.Add(KeyOf(known));
        }

        return new FetchRequest(changed, options, SessionId, _epoch, forgotten, usesTopicIds);
    }

    private static Dictionary<(string Topic, int Partition), FetchPartition> Index(IReadOnlyList<FetchPartition> wanted)
    {
        var target = new Dictionary<(string Topic, int Partition), FetchPartition>(wanted.Count);
        for (var i = 0; i < wanted.Count; i++)
        {
            var partition = wanted[i] ?? throw new ArgumentException($"Partition {i} is null.", nameof(wanted));
            if (partition.Topic is null)
                throw new ArgumentException($"Partition {i} has no topic name.", nameof(wanted));
            if (!target.TryAdd((partition.Topic, partition.Partition), partition))
                throw new ArgumentException($"{partition.Topic}-{partition.Partition} is wanted twice.", nameof(wanted));
        }

        return target;
    }

    // Names each answered partition by the partition the fetcher asked for; partitions it no longer wants, and
    // topics it cannot name (an id it never gave), are left out.
    private static List<AnsweredPartition> Match(FetchResponse response, Dictionary<(string Topic, int Partition), FetchPartition> target)
    {
        var answered = new List<AnsweredPartition>();
        Dictionary<Guid, string>? namesById = null;
        foreach (var topic in response.Topics)
        {
            var name = topic.Topic;
            if (name is null)
            {
                namesById ??= NamesById(target);
                if (!namesById.TryGetValue(topic.TopicId, out name))
                    continue;
            }

            foreach (var partition in topic.Partitions)
            {
                if (!target.TryGetValue((name, partition.Partition), out var wanted))
                    continue;
                if (topic.TopicId != Guid.Empty && wanted.TopicId != Guid.Empty && topic.TopicId != wanted.TopicId)
                    continue;
                answered.Add(new AnsweredPartition(KeyOf(wanted), partition));
            }
        }

        return answered;
    }

    private static Dictionary<Guid, string> NamesById(Dictionary<(string Topic, int Partition), FetchPartition> target)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var partition in target.Values)
        {
            if (partition.TopicId != Guid.Empty)
                names.TryAdd(partition.TopicId, partition.Topic);
        }

        return names;
    }

    private static FetchTopicPartition KeyOf(FetchPartition partition) => new(partition.Topic, partition.TopicId, partition.Partition);

    private void ClearPending()
    {
        _pending = null;
        _pendingTarget = null;
    }

    private void Reset()
    {
        State = FetchSessionState.None;
        SessionId = 0;
        _epoch = 0;
        _usesTopicIds = false;
        _partitions = [];
    }
}
