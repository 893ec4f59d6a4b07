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

    /// <summary>One line per member and one for the producer.</summary>
    public async Task<IReadOnlyList<string>> LinesAsync(CancellationToken cancellationToken)
    {
        var statuses = await Task.WhenAll(members.Select(m => m.StatusAsync(cancellationToken))).ConfigureAwait(false);
        var now = _clock.Elapsed;
        var seconds = Math.Max((now - _lastTime).TotalSeconds, 0.001);
        _lastTime = now;
        var lines = new List<string>();
        for (var i = 0; i < members.Count; i++)
        {
            var member = members[i];
            var processed = ledger.ProcessedBy(member.Name);
            var rate = (processed - _lastCounts.GetValueOrDefault(member.Name)) / seconds;
            _lastCounts[member.Name] = processed;
            var state = statuses[i] is { } s
                ? string.Create(CultureInfo.InvariantCulture, $"{s.State,-11} gen {s.Generation,-3} partitions {Partitions(s.Partitions),-12}")
                : member.Life switch
                {
                    DemoMemberLife.Stopping => "stopping: draining, committing, leaving the group",
                    DemoMemberLife.Stopped => "stopped gracefully: left the group",
                    DemoMemberLife.Killed => "killed: its actor system is gone",
                    _ => "not answering",
                };
            var lag = statuses[i] is { } t ? $"lag {t.Lag}" : "";
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{member.Name}  {state,-50} {rate,6:0} rec/s  {processed,8} processed  {lag}").TrimEnd());
        }

        var sent = producer.Sent;
        var produced = (sent - _lastCounts.GetValueOrDefault("")) / seconds;
        _lastCounts[""] = sent;
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"producer  {(producer.Running.IsCompleted ? "stopped" : "producing"),-50} {produced,6:0} rec/s  {sent,8} acknowledged"));
        return lines;
    }

    private static string Partitions(IReadOnlyList<int> partitions) => partitions.Count == 0 ? "none" : string.Join(",", partitions);
}
