using System.Diagnostics;
using System.Globalization;

namespace Sluice.Cli.Demo;

/// <summary>The live block's lines: per member its state, generation, partitions, records/s, records so far and lag,
/// and the producer's rate and total.</summary>
internal sealed class DemoProgress(IReadOnlyList<DemoMember> members, DemoProducer producer, DemoLedger ledger)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, long> _lastCounts = [];
    private TimeSpan _lastTime;

    /// <summary>A header, one line per member and one for the producer, each under 80 columns.</summary>
    public async Task<IReadOnlyList<string>> LinesAsync(CancellationToken cancellationToken)
    {
        var statuses = await Task.WhenAll(members.Select(m => m.StatusAsync(cancellationToken))).ConfigureAwait(false);
        var now = _clock.Elapsed;
        var seconds = Math.Max((now - _lastTime).TotalSeconds, 0.001);
        _lastTime = now;
        var lines = new List<string> { Line("", "state", "gen", "partitions", "records/s", "processed", "lag") };
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var processed = ledger.ProcessedBy(member.Name);
            var rate = Rate(member.Name, processed, seconds);
            if (statuses[i] is { } s)
            {
                lines.Add(Line(member.Name, s.State.ToString(), Number(s.Generation), Partitions(s.Partitions), rate, Number(processed), Number(s.Lag)));
                continue;
            }

            var life = member.Life switch
            {
                DemoMemberLife.Stopping => "stopping: drain, commit, leave",
                DemoMemberLife.Stopped => "stopped: left the group",
                DemoMemberLife.Killed => "killed: actor system gone",
                _ => "not answering",
            };
            lines.Add(Line(member.Name, life, "", "", rate, Number(processed), ""));
        }

        var sent = producer.Sent;
        lines.Add(Line("producer", producer.Running.IsCompleted ? "stopped" : "producing", "", "", Rate("", sent, seconds), Number(sent), "") + " acked");
        return lines;
    }

    // name 9, state 12, generation 4, partitions 13, rate 10, count 11, lag 7: 71 columns. A state that does not fit
    // runs on over the generation and partition columns, which are empty then.
    private static string Line(string name, string state, string generation, string partitions, string rate, string processed, string lag)
    {
        var middle = generation.Length == 0 && partitions.Length == 0 ? state.PadRight(31) : $"{state,-12} {generation,-4} {partitions,-13}";
        return $"{name,-9} {middle} {rate,10} {processed,11} {lag,7}".TrimEnd();
    }

    private string Rate(string key, long count, double seconds)
    {
        var rate = (count - _lastCounts.GetValueOrDefault(key)) / seconds;
        _lastCounts[key] = count;
        return rate.ToString("0", CultureInfo.InvariantCulture);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Partitions(IReadOnlyList<int> partitions) => partitions.Count == 0 ? "none" : string.Join(",", partitions);
}
