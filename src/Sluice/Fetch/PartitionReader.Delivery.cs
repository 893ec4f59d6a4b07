using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using Sluice.Protocol.Records;

namespace Sluice.Fetch;

internal sealed partial class PartitionReader
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        var request = new PendingPoll(0, Sender, poll.MaxRecords, poll.Partition, Advance: poll.Emitted is null);
        if (poll.Emitted is not null)
            ApplyEmitted(poll.Emitted);
        if (TryAnswer(request))
            return;
        if (poll.Wait <= TimeSpan.Zero)
        {
            Sender.Tell(new Polled([], poll.Partition));
            return;
        }

        var pending = request with { Id = ++_nextPollId };
        _polls.Add(pending);
        Timers.StartSingleTimer(("poll", pending.Id), new PollExpired(pending.Id), poll.Wait);
    }

    // A stream reports what it has emitted: that, not what it has taken into its own buffer, is the position
    // commits and revocations use, so a record a stream dropped at a revoke is never counted as consumed.
    private void ApplyEmitted(IReadOnlyDictionary<TopicPartition, long> emitted)
    {
        foreach (var (partition, next) in emitted)
        {
            if (next >= 0 && _partitions.TryGetValue(partition, out var state))
                state.ConsumedPosition = next;
        }
    }

    private void OnPollExpired(PollExpired message)
    {
        var index = _polls.FindIndex(p => p.Id == message.Id);
        if (index < 0)
            return;
        _polls[index].ReplyTo.Tell(new Polled([], _polls[index].Partition));
        _polls.RemoveAt(index);
    }

    private void ServePolls()
    {
        for (var i = 0; i < _polls.Count;)
        {
            if (TryAnswer(_polls[i]))
            {
                Timers.Cancel(("poll", _polls[i].Id));
                _polls.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
    }

    // Records first; a partition's failure reaches the application once, after the records fetched before it.
    private bool TryAnswer(PendingPoll poll)
    {
        var records = Take(poll.MaxRecords, poll.Partition, poll.Advance);
        if (records.Count > 0)
        {
            poll.ReplyTo.Tell(new Polled(records, poll.Partition));
            return true;
        }

        var failed = _partitions.Values.FirstOrDefault(s => s.Failure is not null && !s.FailureReported && s.Buffer.Count == 0 && (poll.Partition is null || s.Partition == poll.Partition));
        if (failed is null)
            return false;
        failed.FailureReported = true;
        poll.ReplyTo.Tell(new Status.Failure(failed.Failure!));
        return true;
    }

    // Takes from partitions in turn, starting one further each time, so a busy partition cannot starve the others;
    // within a partition, records keep their order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<ConsumedRecord> Take(int maxRecords, TopicPartition? only, bool advance)
    {
        var ready = _partitions.Values.Where(s => s.Buffer.Count > 0 && (only is null || s.Partition == only)).OrderBy(s => s.Partition.Topic, StringComparer.Ordinal).ThenBy(s => s.Partition.Partition).ToList();
        if (ready.Count == 0)
            return [];
        var taken = new List<ConsumedRecord>(Math.Min(maxRecords, ready.Sum(s => s.Buffer.Count)));

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
                    if (advance)
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
