using Akka.Actor;
using Akka.Event;
using Sluice.Protocol.Records;

namespace Sluice.Fetch;

internal sealed partial class PartitionReader
{
    private void OnFetched(BrokerFetcher.Fetched message)
    {
        if (!_partitions.TryGetValue(message.Partition, out var state) || state.Era != message.Era || state.FetchPosition != message.FetchOffset)
            return;

        state.DeliveredSinceGrant += message.Records.Count;
        var expected = message.FetchOffset;
        foreach (var record in message.Records)
        {
            if (record.Offset < expected)
            {
                _log.Warning("{0}: dropped record at offset {1}, behind the position {2}", state.Partition, record.Offset, expected);
                continue;
            }

            if (record.Offset > expected && !_settings.CompactedTopic)
                _log.Debug("{0}: offsets {1} to {2} are missing (compaction or transaction markers)", state.Partition, expected, record.Offset - 1);
            state.Buffer.Enqueue(record);
            expected = record.Offset + 1;
        }

        state.FetchPosition = Math.Max(message.NextOffset, expected);
        state.HighWatermark = message.HighWatermark;
        foreach (var skipped in message.SkippedBatches)
            Publish(new FetchEvent.BatchSkipped(state.Partition, skipped));

        ServePolls();
        if (state.Buffer.Count >= _settings.QueuedMaxMessages || state.DeliveredSinceGrant >= state.GrantedCredit)
            Route();
    }

    private void OnPoll(Poll poll)
    {
        if (TryAnswer(Sender, poll.MaxRecords))
            return;
        if (poll.Wait <= TimeSpan.Zero)
        {
            Sender.Tell(new Polled([]));
            return;
        }

        var pending = new PendingPoll(++_nextPollId, Sender, poll.MaxRecords);
        _polls.Add(pending);
        Timers.StartSingleTimer(("poll", pending.Id), new PollExpired(pending.Id), poll.Wait);
    }

    private void OnPollExpired(PollExpired message)
    {
        var index = _polls.FindIndex(p => p.Id == message.Id);
        if (index < 0)
            return;
        _polls[index].ReplyTo.Tell(new Polled([]));
        _polls.RemoveAt(index);
    }

    private void ServePolls()
    {
        while (_polls.Count > 0 && TryAnswer(_polls[0].ReplyTo, _polls[0].MaxRecords))
        {
            Timers.Cancel(("poll", _polls[0].Id));
            _polls.RemoveAt(0);
        }
    }

    // Records first; a partition's failure reaches the application once, after the records fetched before it.
    private bool TryAnswer(IActorRef replyTo, int maxRecords)
    {
        var records = Take(maxRecords);
        if (records.Count > 0)
        {
            replyTo.Tell(new Polled(records));
            return true;
        }

        var failed = _partitions.Values.FirstOrDefault(s => s.Failure is not null && !s.FailureReported && s.Buffer.Count == 0);
        if (failed is null)
            return false;
        failed.FailureReported = true;
        replyTo.Tell(new Status.Failure(failed.Failure!));
        return true;
    }

    // Takes from partitions in turn, starting one further each time, so a busy partition cannot starve the others;
    // within a partition, records keep their order.
    private List<ConsumedRecord> Take(int maxRecords)
    {
        var taken = new List<ConsumedRecord>();
        var ready = _partitions.Values.Where(s => s.Buffer.Count > 0).OrderBy(s => s.Partition.Topic, StringComparer.Ordinal).ThenBy(s => s.Partition.Partition).ToList();
        if (ready.Count == 0)
            return taken;

        var resumed = false;
        var start = _pollRotation++ % ready.Count;
        var share = Math.Max(1, maxRecords / ready.Count);
        for (var pass = 0; pass < 2 && taken.Count < maxRecords; pass++)
        {
            for (var i = 0; i < ready.Count && taken.Count < maxRecords; i++)
            {
                var state = ready[(start + i) % ready.Count];
                var wasFull = state.Buffer.Count >= _settings.QueuedMaxMessages;
                var quota = pass == 0 ? share : maxRecords - taken.Count;
                for (var n = 0; n < quota && taken.Count < maxRecords && state.Buffer.TryDequeue(out var record); n++)
                {
                    taken.Add(record);
                    state.ConsumedPosition = record.Offset + 1;
                }

                var remaining = state.GrantedCredit - state.DeliveredSinceGrant;
                resumed |= (wasFull && state.Buffer.Count < _settings.QueuedMaxMessages)
                    || _settings.QueuedMaxMessages - state.Buffer.Count - remaining >= Math.Max(1, _settings.QueuedMaxMessages / 2);
            }
        }

        if (resumed)
            Route();
        return taken;
    }
}
