using Akka.Actor;
using Akka.Event;
using Sluice.Fetch.Sessions;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;

namespace Sluice.Fetch;

internal sealed partial class BrokerFetcher
{
    private readonly HashSet<TopicPartition> _suspended = new();
    private FetchSession? _session;

    private PreparedFetch? BuildRequest(Network.BrokerConnection connection)
    {
        var live = _targets.Where(t => !_suspended.Contains(t.Partition) && _positions.TryGetValue(t.Partition, out var p) && p.Credit > 0).ToList();
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
        var request = Session(connection).BuildRequest(partitions, options);
        var version = connection.Versions.Pick(request, connection.Endpoint, _settings.Connection.MaxVersions);
        return new PreparedFetch(request, version, sent);
    }

    // Sessions (KIP-227) let an unchanged fetch be sent as an almost empty request; the session object decides
    // full or incremental and falls back to sessionless where the broker has none (before Kafka 1.1, the mock).
    private FetchSession Session(Network.BrokerConnection connection)
    {
        if (_session is null)
        {
            var fetch = connection.Versions[ApiKey.Fetch] ?? new VersionRange(0, 0);
            var max = Math.Min(FetchRequest.Supported.Max, fetch.Max);
            if (_settings.Connection.MaxVersions.TryGetValue(ApiKey.Fetch, out var cap))
                max = Math.Min(max, cap);
            _session = new FetchSession((short)max);
        }

        return _session;
    }

    private void ResetSession()
    {
        _suspended.Clear();
        _session = null;
    }

    private void OnFetchCompleted(FetchCompleted message)
    {
        if (message.FetchId != _fetchId)
            return;
        _fetching = false;
        GiveBackSlot();
        _suspended.Clear();

        if (message.Response.Error != ErrorCode.None)
        {
            // A request-level error (a session error; the mock also copies injected partition errors here) is
            // retried after the backoff; partition-level codes are handled below.
            _log.Debug("Fetch from broker {0} answered {1}", _brokerId, message.Response.Error);
        }

        var result = _session!.HandleResponse(message.Response);
        foreach (var answered in result.Answered)
        {
            Handle(new TopicPartition(answered.Key.Topic, answered.Key.Partition), answered.Response, message.Fetch);
            answered.Response.ReleaseRecords();
        }

        if (message.Response.Error != ErrorCode.None && result.Answered.Count == 0)
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

        var records = _decoded;
        records.Clear();
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

        var nextOffset = LastStableOffset.Cap(records, result.NextOffset, answer.LastStableOffset, _settings.IsolationLevel);
        position.Offset = nextOffset;
        position.Credit -= records.Count;
        _reader.Tell(new Fetched(partition, asked.Era, asked.Offset, records.ToArray(), nextOffset, answer.HighWatermark, result.Skipped.Cast<Exception>().ToList()));
        records.Clear();
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
        IReadOnlyDictionary<TopicPartition, (int Era, long Offset)> Sent);
}
