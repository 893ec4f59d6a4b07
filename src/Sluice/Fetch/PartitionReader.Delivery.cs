using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using Sluice.Protocol.Records;

namespace Sluice.Fetch;

internal sealed partial class PartitionReader
{
    private void OnFetched(BrokerFetcher.Fetched message)
    {
        // A partition that failed takes nothing more: the records after a corrupt batch are never delivered.
        if (!_partitions.TryGetValue(message.Partition, out var state) || state.Era != message.Era || state.FetchPosition != message.FetchOffset || state.Failure is not null)
        {
            message.Chunk.Release();
            return;
        }

        state.DeliveredSinceGrant += message.EstimatedRecords;
        if (message.RecordBytes > 0)
            state.RecordBytes = message.RecordBytes;
        // A new answer is a new frame in memory: older ones that only slow partitions' leftovers still hold are let
        // go now (FrameSweep). Once per answer, at its first partition, not again for each of the others.
        if (message.Chunk.Answer is { } answer && answer != _lastAnswer)
        {
            _lastAnswer = answer;
            FrameSweep.LetGoOfLingeringFrames(_partitions.Values.SelectMany(s => s.Buffer.Chunks), Environment.TickCount64);
        }

        state.Buffer.Add(message.Chunk);
        state.FetchPosition = message.NextOffset;
        state.HighWatermark = message.HighWatermark;

        ServePolls();
        var bound = Bound(state);
        var remaining = state.GrantedCredit - state.DeliveredSinceGrant;
        if (state.Buffer.Count >= bound || remaining <= 0 || remaining > bound - state.Buffer.Count)
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

        var failed = _partitions.Values.FirstOrDefault(s => s.Failure is not null && !s.FailureReported && s.Buffer.IsEmpty && (poll.Partition is null || s.Partition == poll.Partition));
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
        var ready = _partitions.Values.Where(s => !s.Buffer.IsEmpty && (only is null || s.Partition == only)).OrderBy(s => s.Partition.Topic, StringComparer.Ordinal).ThenBy(s => s.Partition.Partition).ToList();
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
                var bound = Bound(state);
                var wasFull = state.Buffer.Count >= bound;
                var quota = pass == 0 ? share : maxRecords - taken.Count;
                for (var n = 0; n < quota && taken.Count < maxRecords && state.Buffer.TryDequeue(out var record); n++)
                {
                    if (record.Offset != state.NextTaken && state.NextTaken >= 0 && !_settings.CompactedTopic)
                        _log.Debug("{0}: offsets {1} to {2} are missing (compaction or transaction markers)", state.Partition, state.NextTaken, record.Offset - 1);
                    state.NextTaken = record.Offset + 1;
                    taken.Add(record);
                    if (advance)
                        state.ConsumedPosition = record.Offset + 1;
                }

                resumed |= Collect(state);
                var remaining = state.GrantedCredit - state.DeliveredSinceGrant;
                resumed |= (wasFull && state.Buffer.Count < bound)
                    || bound - state.Buffer.Count - remaining >= RefillAt(bound);
            }
        }

        if (resumed)
            Route();
        return taken;
    }

    // What decoding met on the way: skipped corrupt batches are reported as events, and a corrupt batch that is
    // not skipped fails the partition once the records before it are taken.
    // Returns true when the partition failed, so the fetchers drop it.
    private bool Collect(PartitionState state)
    {
        if (state.Buffer.Skipped.Count > 0)
        {
            foreach (var skipped in state.Buffer.Skipped)
                Publish(new FetchEvent.BatchSkipped(state.Partition, skipped));
            state.Buffer.Skipped.Clear();
        }

        if (state.Buffer.TakeFailure() is not { } failure)
            return false;
        Fail(state, failure);
        return true;
    }
}
