using Akka.Actor;
using Akka.Event;
using Sluice.Cluster;

namespace Sluice.Fetch;

internal sealed partial class PartitionReader
{
    // Places every partition with the fetcher of its leader, leaving out those that may not be fetched now
    // (buffer full, failed, backing off, start unresolved); starts fetchers for new leaders and stops those
    // left with nothing to read.
    private void Route()
    {
        if (_metadataStale && !_metadataRefreshing && _partitions.Count > 0)
            RefreshMetadata();
        ResolveStartPositions();

        var now = DateTime.UtcNow;
        var byBroker = new Dictionary<int, List<BrokerFetcher.Target>>();
        DateTime? nextRetry = null;
        foreach (var state in _partitions.Values)
        {
            if (state.Leader is not { } leader)
                continue;
            if (!byBroker.TryGetValue(leader, out var targets))
                byBroker[leader] = targets = [];
            if (state.IsFetchable(Bound(state), now))
            {
                Regrant(state, wasTarget: _sentTargets.TryGetValue(leader, out var sent) && sent.Any(t => t.Partition == state.Partition));
                targets.Add(new BrokerFetcher.Target(state.Partition, state.TopicId, state.FetchPosition!.Value, state.LeaderEpoch, state.Era, state.Grant, state.GrantedCredit));
            }
            else if (state.RetryAfter > now && state.Failure is null)
                nextRetry = nextRetry is null || state.RetryAfter < nextRetry ? state.RetryAfter : nextRetry;
        }

        foreach (var (broker, targets) in byBroker)
        {
            if (!_fetchers.TryGetValue(broker, out var fetcher))
            {
                if (!_metadata.Current.Brokers.TryGetValue(broker, out var node))
                    continue;
                fetcher = Context.ActorOf(BrokerFetcher.Props(broker, node.Endpoint, _metadata, _settings, Self), $"fetcher-{broker}");
                _fetchers[broker] = fetcher;
            }

            // The fetcher keeps its own offsets within an era, so it only needs word when the set changes.
            if (!_sentTargets.TryGetValue(broker, out var sent) || !SameTargets(sent, targets))
            {
                fetcher.Tell(new BrokerFetcher.SetTargets(targets));
                _sentTargets[broker] = targets;
            }
        }

        foreach (var broker in _fetchers.Keys.Where(b => !byBroker.ContainsKey(b)).ToList())
        {
            Context.Stop(_fetchers[broker]);
            _fetchers.Remove(broker);
            _sentTargets.Remove(broker);
        }

        if (nextRetry is { } at)
            ScheduleReroute(at - now);
    }

    // Fetch credit: the fetcher may deliver a partition's records only up to the room its buffer had when
    // granted, so the buffer overshoots the bound by at most the one answer in flight. A new grant goes out when
    // the partition rejoins the fetch, when the application has drained enough that the old grant is stale, or when
    // the bound fell below what the old grant allows (larger records seen, more partitions sharing the bytes).
    private void Regrant(PartitionState state, bool wasTarget)
    {
        var bound = Bound(state);
        var room = bound - state.Buffer.Count;
        var remaining = state.GrantedCredit - state.DeliveredSinceGrant;
        if (wasTarget && remaining > 0 && remaining <= room && room - remaining < RefillAt(bound))
            return;
        state.Grant++;
        state.GrantedCredit = room;
        state.DeliveredSinceGrant = 0;
    }

    // The room a partition's buffer must have, beyond the credit still out, before it is asked for more: half its
    // bound, so one request brings about half the bound instead of a trickle of small ones, each of which costs the
    // broker a search for its offsets in every partition it names.
    private static int RefillAt(int bound) => Math.Max(1, bound / 2);

    // The records a partition may buffer: queued-max-messages, or fewer where that many of its records would take
    // more than its share of queued-max-bytes. A record bound alone lets large records take any amount of memory,
    // and it is the bytes that a process runs out of.
    private int Bound(PartitionState state) =>
        RecordBound(_settings.QueuedMaxMessages, _settings.QueuedMaxBytes, _partitions.Count, state.RecordBytes);

    /// <summary>
    /// The record bound of one partition: <paramref name="queuedMaxMessages"/>, or as many records of
    /// <paramref name="recordBytes"/> as an equal share of <paramref name="queuedMaxBytes"/> holds, if fewer. Never
    /// below one, so a record larger than the share still comes. Until an answer shows the record size
    /// (<paramref name="recordBytes"/> 0) records are taken to be as small as the fetcher takes them to be when it
    /// sizes the first request, so that request asks for no more than the share.
    /// </summary>
    internal static int RecordBound(int queuedMaxMessages, long queuedMaxBytes, int partitions, int recordBytes)
    {
        var perRecord = recordBytes > 0 ? recordBytes : BrokerFetcher.AssumedRecordBytes;
        var share = queuedMaxBytes / Math.Max(1, partitions);
        return (int)Math.Clamp(share / perRecord, 1, queuedMaxMessages);
    }

    private static bool SameTargets(IReadOnlyList<BrokerFetcher.Target> a, IReadOnlyList<BrokerFetcher.Target> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First with { FetchOffset = 0 } == p.Second with { FetchOffset = 0 });

    private void RefreshMetadata()
    {
        _metadataRefreshing = true;
        var topics = _partitions.Keys.Select(p => p.Topic).Distinct().ToList();
        _metadata.RefreshAsync(topics).PipeTo(Self, success: s => new MetadataRefreshed(s), failure: e => new MetadataFailed(e));
    }

    private void OnMetadataRefreshed(MetadataRefreshed message)
    {
        _metadataRefreshing = false;
        _metadataStale = false;
        foreach (var state in _partitions.Values)
        {
            var info = message.Snapshot.Topics.GetValueOrDefault(state.Partition.Topic);
            var partition = info?.Partitions.FirstOrDefault(p => p.Partition == state.Partition.Partition);
            if (partition is null || partition.Leader < 0 || !message.Snapshot.Brokers.ContainsKey(partition.Leader))
            {
                // No leader right now (an election, a topic still being created): look again after the backoff.
                state.LeaderUnconfirmed = true;
                _metadataStale = true;
                continue;
            }

            if (state.Leader is { } previous && previous != partition.Leader)
                Publish(new FetchEvent.LeaderMoved(state.Partition, previous, partition.Leader));
            state.Leader = partition.Leader;
            state.LeaderUnconfirmed = false;
            state.LeaderEpoch = partition.LeaderEpoch;
            state.TopicId = info!.TopicId;
        }

        if (_metadataStale)
            ScheduleReroute(_settings.FetchErrorBackoff);
        Route();
    }

    private void OnMetadataFailed(MetadataFailed message)
    {
        _metadataRefreshing = false;
        _log.Warning("Metadata refresh failed, retrying in {0} ms: {1}", _settings.FetchErrorBackoff.TotalMilliseconds, message.Error.Message);
        ScheduleReroute(_settings.FetchErrorBackoff);
    }

    private void OnBrokerUnreachable(BrokerFetcher.BrokerUnreachable message)
    {
        // The broker may be gone for good and its partitions led elsewhere by now; its fetcher keeps trying
        // meanwhile, and partitions on other brokers keep flowing.
        _metadataStale = true;
        Route();
    }

    private sealed record MetadataRefreshed(MetadataSnapshot Snapshot);

    private sealed record MetadataFailed(Exception Error);
}
