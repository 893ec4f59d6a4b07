using Akka.Actor;
using Akka.Event;
using Sluice.Protocol;
using Sluice.Protocol.Messages;

namespace Sluice.Fetch;

internal sealed partial class PartitionReader
{
    private readonly HashSet<TopicPartition> _resolving = new();

    // Earliest, latest and times become offsets through ListOffsets to each partition's leader.
    private void ResolveStartPositions()
    {
        var now = DateTime.UtcNow;
        var due = _partitions.Values
            .Where(s => s.Unresolved is not null && s.Leader is not null && !s.LeaderUnconfirmed && now >= s.RetryAfter && !_resolving.Contains(s.Partition))
            .GroupBy(s => s.Leader!.Value);
        foreach (var byLeader in due)
        {
            var asked = byLeader.Select(s => (s.Partition, s.Era, Position: s.Unresolved!)).ToList();
            foreach (var (partition, _, _) in asked)
                _resolving.Add(partition);
            var topics = asked
                .GroupBy(a => a.Partition.Topic)
                .Select(g => new ListOffsetsTopic(g.Key, g.Select(a => new ListOffsetsPartition(a.Partition.Partition, TimestampOf(a.Position))).ToList()))
                .ToList();
            var request = new ListOffsetsRequest(topics, _settings.IsolationLevel);
            _log.Debug("Looking up start offsets on broker {0}: {1}", byLeader.Key, string.Join(", ", asked.Select(a => $"{a.Partition} at {a.Position}")));
            ListOffsetsAsync(byLeader.Key, request)
                .PipeTo(Self, success: r => new PositionsResolved(asked, r), failure: e => new ResolveFailed(asked, e));
        }
    }

    private async Task<ListOffsetsResponse> ListOffsetsAsync(int leader, ListOffsetsRequest request)
    {
        var connection = await _metadata.ConnectionToAsync(leader).ConfigureAwait(false);
        return await connection.SendAsync(request).ConfigureAwait(false);
    }

    private static long TimestampOf(StartPosition position) => position.Kind switch
    {
        StartPositionKind.Earliest => ListOffsetsTimestamp.Earliest,
        StartPositionKind.Latest => ListOffsetsTimestamp.Latest,
        _ => position.Value,
    };

    private void OnPositionsResolved(PositionsResolved message)
    {
        var answers = message.Response.Topics
            .SelectMany(t => t.Partitions.Select(p => (Key: new TopicPartition(t.Name, p.Partition), Answer: p)))
            .ToDictionary(x => x.Key, x => x.Answer);
        foreach (var (partition, era, position) in message.Asked)
        {
            _resolving.Remove(partition);
            _log.Debug("{0} {1}: {2}", partition, position, answers.TryGetValue(partition, out var seen) ? $"{seen.Error} offset {seen.Offset}" : "no answer");
            if (!_partitions.TryGetValue(partition, out var state) || state.Era != era)
                continue;
            if (!answers.TryGetValue(partition, out var answer) || answer.Error != ErrorCode.None)
            {
                var error = answer?.Error ?? ErrorCode.UnknownTopicOrPartition;
                _log.Info("Looking up the {0} offset of {1} failed with {2}; retrying", position, partition, error);
                if (FetchErrorClassifier.Classify(error) == FetchErrorKind.LeaderChanged)
                    _metadataStale = true;
                state.RetryAfter = DateTime.UtcNow + _settings.FetchErrorBackoff;
                ScheduleReroute(_settings.FetchErrorBackoff);
                continue;
            }

            if (answer.Offset < 0 && position.Kind == StartPositionKind.Timestamp)
            {
                // No record at or after that time: the position is the end of the log.
                state.Unresolved = StartPosition.Latest;
                continue;
            }

            state.Unresolved = null;
            state.FetchPosition = answer.Offset;
            // A reset after OFFSET_OUT_OF_RANGE keeps what is still buffered for the application; otherwise the
            // application's next record is the one at the new position.
            if (state.Buffer.IsEmpty)
            {
                state.ConsumedPosition = answer.Offset;
                state.NextTaken = answer.Offset;
            }
            if (state.ResetReason is { } reason)
            {
                Publish(new FetchEvent.PositionReset(partition, state.ResetFrom, answer.Offset, reason));
                state.ResetReason = null;
                state.ResetFrom = null;
            }
        }

        Route();
    }

    private void OnResolveFailed(ResolveFailed message)
    {
        foreach (var (partition, _, _) in message.Asked)
            _resolving.Remove(partition);
        _log.Info("Offset lookup failed, retrying in {0} ms: {1}", _settings.FetchErrorBackoff.TotalMilliseconds, message.Error.Message);
        _metadataStale = true;
        ScheduleReroute(_settings.FetchErrorBackoff);
    }

    private sealed record PositionsResolved(IReadOnlyList<(TopicPartition Partition, int Era, StartPosition Position)> Asked, ListOffsetsResponse Response);

    private sealed record ResolveFailed(IReadOnlyList<(TopicPartition Partition, int Era, StartPosition Position)> Asked, Exception Error);
}
