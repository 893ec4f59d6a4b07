using System.Globalization;
using System.Text;
using Sluice.Protocol.Records;

namespace Sluice.Cli.Demo;

/// <summary>
/// The demo's books: which records the brokers acknowledged, every delivery to every member, and each member's
/// commits, so the summary can say what was lost, what was delivered twice, and why. Records are this run's when
/// their value reads <c>sluice-demo &lt;run&gt; &lt;sequence&gt;</c>; anything else on the topic is counted apart.
/// </summary>
internal sealed class DemoLedger(string runId)
{
    private readonly object _gate = new();
    private readonly string _prefix = $"sluice-demo {runId} ";
    private readonly HashSet<long> _acknowledged = [];
    private readonly HashSet<long> _consumed = [];
    private readonly Dictionary<TopicPartition, Dictionary<long, Delivery>> _deliveries = [];
    private readonly Dictionary<string, Dictionary<TopicPartition, long>> _committed = [];
    private readonly Dictionary<string, long> _perMember = [];
    private long _deliveryCount;
    private long _foreign;

    /// <summary>The value of this run's record number <paramref name="sequence"/>.</summary>
    public byte[] ValueOf(long sequence) => Encoding.ASCII.GetBytes(_prefix + sequence.ToString("D8", CultureInfo.InvariantCulture));

    /// <summary>The brokers acknowledged these records.</summary>
    public void Acknowledged(long firstSequence, int count)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
                _acknowledged.Add(firstSequence + i);
        }
    }

    /// <summary><paramref name="member"/> processed <paramref name="record"/>.</summary>
    public void Delivered(string member, ConsumedRecord record)
    {
        var sequence = SequenceOf(record.Value);
        lock (_gate)
        {
            _perMember[member] = _perMember.GetValueOrDefault(member) + 1;
            if (sequence is not { } seq)
            {
                _foreign++;
                return;
            }

            _deliveryCount++;
            _consumed.Add(seq);
            var partition = new TopicPartition(record.Topic, record.Partition);
            if (!_deliveries.TryGetValue(partition, out var byOffset))
                _deliveries[partition] = byOffset = [];
            if (byOffset.TryGetValue(record.Offset, out var earlier))
                earlier.Later.Add(member);
            else
                byOffset[record.Offset] = new Delivery(member, []);
        }
    }

    /// <summary><paramref name="member"/>'s committer committed these next-to-read offsets.</summary>
    public void Committed(string member, IReadOnlyDictionary<TopicPartition, long> offsets)
    {
        lock (_gate)
        {
            if (!_committed.TryGetValue(member, out var held))
                _committed[member] = held = [];
            foreach (var (partition, next) in offsets)
                held[partition] = Math.Max(next, held.GetValueOrDefault(partition));
        }
    }

    /// <summary>Records <paramref name="member"/> has processed (this run's and others).</summary>
    public long ProcessedBy(string member)
    {
        lock (_gate)
            return _perMember.GetValueOrDefault(member);
    }

    /// <summary>How many acknowledged records nobody has processed yet.</summary>
    public long Outstanding
    {
        get
        {
            lock (_gate)
                return _acknowledged.Count(s => !_consumed.Contains(s));
        }
    }

    /// <summary>The books as they stand; <paramref name="killed"/> names the member that was killed, if any.</summary>
    public DemoTally Tally(string? killed)
    {
        lock (_gate)
        {
            var reasons = new Dictionary<string, long>();
            foreach (var (partition, byOffset) in _deliveries)
            {
                foreach (var (offset, delivery) in byOffset)
                {
                    foreach (var again in delivery.Later)
                    {
                        var reason = Why(partition, offset, delivery.First, again, killed);
                        reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                    }
                }
            }

            return new DemoTally(
                Produced: _acknowledged.Count,
                ConsumedDistinct: _consumed.Count(_acknowledged.Contains),
                Deliveries: _deliveryCount,
                Lost: _acknowledged.Count(s => !_consumed.Contains(s)),
                Duplicated: reasons.Values.Sum(),
                DuplicateReasons: reasons,
                Foreign: _foreign,
                PerMember: new Dictionary<string, long>(_perMember));
        }
    }

    private string Why(TopicPartition partition, long offset, string first, string again, string? killed)
    {
        if (first == killed && (!_committed.TryGetValue(first, out var commits) || offset >= commits.GetValueOrDefault(partition, -1)))
            return $"processed by {first} after its last commit, read again by {again} once {first} was killed";
        return first == again
            ? $"read twice by {first}: its partition was revoked and given back before the commit landed"
            : $"processed by {first} but not yet committed when a rebalance moved the partition to {again}";
    }

    private long? SequenceOf(byte[]? value)
    {
        if (value is null || value.Length <= _prefix.Length)
            return null;
        var text = Encoding.ASCII.GetString(value);
        return text.StartsWith(_prefix, StringComparison.Ordinal) && long.TryParse(text.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence
            : null;
    }

    private sealed record Delivery(string First, List<string> Later);
}
