using Akka.Actor;
using Akka.Event;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;
using Sluice.Protocol;

namespace Sluice.Fetch;

internal sealed partial class BrokerFetcher
{
    private readonly HashSet<TopicPartition> _suspended = new();

    private PreparedFetch? BuildRequest(Network.BrokerConnection connection)
    {
        var live = _targets.Where(t => !_suspended.Contains(t.Partition) && _positions.ContainsKey(t.Partition)).ToList();
        if (live.Count == 0)
            return null;

        // Brokers fill a response in request order up to MaxBytes (KIP-74); rotating the order keeps the first
        // partitions from starving the rest.
        var start = _rotation++ % live.Count;
        var ordered = live.Skip(start).Concat(live.Take(start)).ToList();
        var sent = new Dictionary<TopicPartition, (int Era, long Offset)>();
        var partitions = new List<FetchPartition>(ordered.Count);
        foreach (var target in ordered)
        {
            var position = _positions[target.Partition];
            sent[target.Partition] = (position.Era, position.Offset);
            partitions.Add(new FetchPartition(target.Partition.Topic, target.TopicId, target.Partition.Partition, position.Offset, target.LeaderEpoch, position.PartitionMaxBytes));
        }

        var options = new FetchRequestOptions(
            MaxWaitMs: (int)_settings.FetchWaitMax.TotalMilliseconds,
            MinBytes: _settings.FetchMinBytes,
            MaxBytes: _settings.FetchMaxBytes,
            IsolationLevel: _settings.IsolationLevel);
        var useTopicIds = ordered.All(t => t.TopicId != Guid.Empty);
        var request = new FetchRequest(partitions, options, useTopicIds: useTopicIds);
        var version = connection.Versions.Pick(request, connection.Endpoint, _settings.Connection.MaxVersions);
        var names = ordered.Where(t => t.TopicId != Guid.Empty).GroupBy(t => t.TopicId).ToDictionary(g => g.Key, g => g.First().Partition.Topic);
        return new PreparedFetch(request, version, sent, names);
    }

    private void ResetSession() => _suspended.Clear();

    private void OnFetchCompleted(FetchCompleted message)
    {
        if (message.FetchId != _fetchId)
            return;
        _fetching = false;
        _suspended.Clear();

        if (message.Response.Error != ErrorCode.None)
        {
            // A request-level error (a session error; the mock also copies injected partition errors here) is
            // retried after the backoff; partition-level codes are handled below.
            _log.Debug("Fetch from broker {0} answered {1}", _brokerId, message.Response.Error);
        }

        foreach (var topic in message.Response.Topics)
        {
            var name = topic.Topic ?? (message.Fetch.TopicNames.TryGetValue(topic.TopicId, out var known) ? known : null);
            if (name is null)
                continue;
            foreach (var answer in topic.Partitions)
                Handle(new TopicPartition(name, answer.Partition), answer, message.Fetch);
        }

        if (message.Response.Error != ErrorCode.None && message.Response.Topics.Count == 0)
            Timers.StartSingleTimer(nameof(FetchAgain), FetchAgain.Instance, _settings.FetchErrorBackoff);
        else
            FetchIfReady();
    }

    private void Handle(TopicPartition partition, FetchPartitionResponse answer, PreparedFetch fetch)
    {
        // An answer for a partition whose position changed while the fetch was in flight (reassigned, seeked)
        // is stale: the position it was asked at no longer holds.
        if (!fetch.Sent.TryGetValue(partition, out var asked)
            || !_positions.TryGetValue(partition, out var position)
            || position.Era != asked.Era
            || position.Offset != asked.Offset)
            return;

        if (answer.Error != ErrorCode.None)
        {
            _suspended.Add(partition);
            var kind = FetchErrorClassifier.Classify(answer.Error);
            _reader.Tell(new PartitionError(partition, asked.Era, asked.Offset, kind, new FetchPartitionException(partition, asked.Offset, _brokerId, answer.Error)));
            return;
        }

        var records = new List<ConsumedRecord>();
        RecordSetDecodeResult result;
        try
        {
            result = RecordSetDecoder.Decode(
                answer.Records is { } bytes ? bytes.Span : ReadOnlySpan<byte>.Empty,
                partition.Topic,
                partition.Partition,
                asked.Offset,
                _decodeOptions,
                answer.AbortedTransactions,
                records);
        }
        catch (CorruptBatchException e)
        {
            _suspended.Add(partition);
            _reader.Tell(new PartitionError(partition, asked.Era, asked.Offset, FetchErrorKind.Fatal, e));
            return;
        }

        if (result.RecordsAdded == 0 && result.NextOffset == asked.Offset && result.IncompleteTail)
        {
            if (!GrowForLargeRecord(partition, position, result.IncompleteEntrySize, fetch.Version))
                return;
        }

        position.Offset = result.NextOffset;
        _reader.Tell(new Fetched(partition, asked.Era, asked.Offset, records, result.NextOffset, answer.HighWatermark, result.Skipped.Cast<Exception>().ToList()));
    }

    // Before Kafka 0.10.1 (Fetch v0-v2) a record larger than the partition's fetch size comes back as a fragment
    // only, and the partition cannot advance: double the size (up to the limit) so the record fits. From v3 on
    // the broker always returns the first batch whole, so a fragment alone means the size must grow as well.
    private bool GrowForLargeRecord(TopicPartition partition, Position position, int entrySize, short version)
    {
        var needed = Math.Max(entrySize, position.PartitionMaxBytes * 2);
        if (position.PartitionMaxBytes >= _settings.FetchMessageMaxBytesLimit || entrySize > _settings.FetchMessageMaxBytesLimit)
        {
            _suspended.Add(partition);
            var error = new RecordTooLargeException(partition, position.Offset, entrySize, _settings.FetchMessageMaxBytesLimit);
            _reader.Tell(new PartitionError(partition, position.Era, position.Offset, FetchErrorKind.Fatal, error));
            return false;
        }

        var grown = (int)Math.Min(_settings.FetchMessageMaxBytesLimit, (long)needed);
        _log.Info("{0} at offset {1}: a {2}-byte record does not fit {3} bytes (Fetch v{4}); fetching {5} bytes", partition, position.Offset, entrySize, position.PartitionMaxBytes, version, grown);
        position.PartitionMaxBytes = grown;
        return true;
    }

    private sealed record PreparedFetch(
        FetchRequest Request,
        short Version,
        IReadOnlyDictionary<TopicPartition, (int Era, long Offset)> Sent,
        IReadOnlyDictionary<Guid, string> TopicNames);
}
