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
        var sent = new Dictionary<TopicPartition, (int Era, long Offset, int Size)>();
        var partitions = new List<FetchPartition>(ordered.Count);
        foreach (var target in ordered)
        {
            var position = _positions[target.Partition];
            var size = RequestSize(position);
            sent[target.Partition] = (position.Era, position.Offset, size);
            partitions.Add(new FetchPartition(target.Partition.Topic, target.TopicId, target.Partition.Partition, position.Offset, target.LeaderEpoch, size));
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

    private static int RequestSize(Position position) =>
        position.FullSizeNext ? position.PartitionMaxBytes : RequestSize(position.PartitionMaxBytes, position.Credit, position.RecordBytes);

    /// <summary>
    /// The bytes to ask of a partition. The broker fills a partition up to the size asked whatever the credit, so
    /// asking the full size for a few records of credit would buffer a whole answer past queued-max-messages.
    /// Asking for about the credit's worth, at the last answer's bytes per record, keeps the bound a bound on
    /// memory too; never below 64 KiB, so a request stays worth its round trip. Before the first answer the size of
    /// the records is not known: they are taken to be small (a 0.9 message alone has 26 bytes of framing), so that
    /// the first answer overshoots the bound only for records smaller than that, and larger ones come in a second
    /// request sized by what the first showed.
    /// </summary>
    internal static int RequestSize(int partitionMaxBytes, int credit, int recordBytes)
    {
        var perRecord = recordBytes > 0 ? recordBytes : AssumedRecordBytes;
        var wanted = (long)Math.Max(credit, 1) * perRecord;
        return (int)Math.Clamp(wanted, Math.Min(MinTrimmedRequestBytes, partitionMaxBytes), partitionMaxBytes);
    }

    internal const int AssumedRecordBytes = 64;
    private const int MinTrimmedRequestBytes = 64 * 1024;

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
            if (!Handle(new TopicPartition(answered.Key.Topic, answered.Key.Partition), answered.Response, message.Fetch))
                answered.Response.ReleaseRecords();
        }

        ReleaseUnanswered(message.Response, result.Answered);

        if (message.Response.Error != ErrorCode.None && result.Answered.Count == 0)
            Timers.StartSingleTimer(nameof(FetchAgain), FetchAgain.Instance, _settings.FetchErrorBackoff);
        else
            FetchIfReady();
    }

    // Partitions the session did not match (not asked for, or of a topic id it never gave) still hold a share of
    // the pooled frame.
    private static void ReleaseUnanswered(FetchResponse response, IReadOnlyList<AnsweredPartition> answered)
    {
        var total = response.Topics.Sum(t => t.Partitions.Count);
        if (total == answered.Count)
            return;
        foreach (var partition in response.Topics.SelectMany(t => t.Partitions))
        {
            if (!answered.Any(a => ReferenceEquals(a.Response, partition)))
                partition.ReleaseRecords();
        }
    }

    // Returns true when the answer's records went to the reader, which then owns their buffer.
    private bool Handle(TopicPartition partition, FetchPartitionResponse answer, PreparedFetch fetch)
    {
        // An answer for a partition whose position changed while the fetch was in flight (reassigned, seeked)
        // is stale: the position it was asked at no longer holds.
        if (!fetch.Sent.TryGetValue(partition, out var asked)
            || !_positions.TryGetValue(partition, out var position)
            || position.Era != asked.Era
            || position.Offset != asked.Offset)
            return false;

        if (answer.Error != ErrorCode.None)
        {
            _suspended.Add(partition);
            var kind = FetchErrorClassifier.Classify(answer.Error);
            _reader.Tell(new PartitionError(partition, asked.Era, asked.Offset, kind, new FetchPartitionException(partition, asked.Offset, _brokerId, answer.Error)));
            return false;
        }

        // Only the entry headers are read here; the reader decodes the records as the application takes them, so
        // they are made just before they are used (RecordChunk says why).
        var stop = LastStableOffset.StopOffset(answer.LastStableOffset, _settings.IsolationLevel);
        var scan = RecordSetScanner.Scan(answer.Pieces, asked.Offset, stop);
        position.FullSizeNext = false;
        if (scan.EstimatedRecords == 0 && scan.NextOffset == asked.Offset && scan.IncompleteTail)
        {
            if (asked.Size < position.PartitionMaxBytes)
                position.FullSizeNext = true;
            else if (!GrowForLargeRecord(partition, position, scan.IncompleteEntrySize, fetch.Version))
                return false;
        }

        if (scan.BytesPerRecord > 0)
            position.RecordBytes = scan.BytesPerRecord;

        var nextOffset = LastStableOffset.Cap(scan.NextOffset, stop);
        var estimated = (int)Math.Min(scan.EstimatedRecords, int.MaxValue);
        position.Offset = nextOffset;
        position.Credit -= estimated;
        var chunk = new RecordChunk(answer, scan.CompleteLength, partition.Topic, partition.Partition, asked.Offset, scan.NextOffset, stop, _decodeOptions, _settings.ReleaseFetchedPages);
        _reader.Tell(new Fetched(partition, asked.Era, asked.Offset, chunk, estimated, scan.BytesPerRecord, nextOffset, answer.HighWatermark));

        // An entry smaller than any message hides where the next one starts: the partition cannot advance past it.
        // The records before it are delivered first.
        if (scan.TooSmallEntry is { } broken)
        {
            _suspended.Add(partition);
            var error = new CorruptBatchException(partition.Topic, partition.Partition, broken.Offset, broken.Offset, RecordSetScanner.TooSmall(broken.Size));
            _reader.Tell(new PartitionError(partition, asked.Era, nextOffset, FetchErrorKind.Fatal, error));
        }

        return true;
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
        IReadOnlyDictionary<TopicPartition, (int Era, long Offset, int Size)> Sent);
}
