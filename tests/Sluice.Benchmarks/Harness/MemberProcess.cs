using System.Globalization;
using Sluice.Benchmarks.Consumers;

namespace Sluice.Benchmarks.Harness;

/// <summary>
/// The harness's view of one <c>member-sluice</c> child: its lines parsed as they arrive (see
/// <see cref="SluiceMember"/>), so the harness can wait for a settled group, open the gate, and time rebalances.
/// </summary>
internal sealed class MemberProcess : IDisposable
{
    private readonly object _gate = new();
    private readonly List<Assignment> _assignments = [];
    private readonly List<(double Ms, int Partition)> _firsts = [];
    private readonly List<double> _revokes = [];

    private MemberProcess(int index) => Index = index;

    public int Index { get; }

    public ChildProcess Child { get; private set; } = null!;

    public int? Pid { get; private set; }

    public (double Ms, bool Caught, long Count)? State { get; private set; }

    public string? Failure { get; private set; }

    public static MemberProcess Start(int index, IEnumerable<string> arguments, bool measure)
    {
        var member = new MemberProcess(index);
        member.Child = SelfProcess.Start(["member-sluice", .. arguments], measure, member.OnLine, redirectStdin: true);
        return member;
    }

    public Assignment? LatestAssignment
    {
        get
        {
            lock (_gate)
                return _assignments.Count == 0 ? null : _assignments[^1];
        }
    }

    public IReadOnlyList<Assignment> Assignments
    {
        get
        {
            lock (_gate)
                return _assignments.ToArray();
        }
    }

    public IReadOnlyList<(double Ms, int Partition)> Firsts
    {
        get
        {
            lock (_gate)
                return _firsts.ToArray();
        }
    }

    public IReadOnlyList<double> Revokes
    {
        get
        {
            lock (_gate)
                return _revokes.ToArray();
        }
    }

    public ResultLine? Result => Child.Lines.Select(l => ResultLine.TryParse(l.Line)).LastOrDefault(r => r is not null);

    public void Dispose() => Child.Dispose();

    private void OnLine(double now, string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var word = space < 0 ? line : line[..space];
        var fields = ResultLine.KeyValues(space < 0 ? "" : line[(space + 1)..]);
        double T() => double.Parse(fields["t"], CultureInfo.InvariantCulture);
        lock (_gate)
        {
            switch (word)
            {
                case "READY":
                    Pid = int.Parse(fields["pid"], CultureInfo.InvariantCulture);
                    break;
                case "ASSIGNED":
                    _assignments.Add(new Assignment(T(), int.Parse(fields["gen"], CultureInfo.InvariantCulture), Partitions(fields["partitions"])));
                    break;
                case "REVOKED":
                case "LOST":
                    _revokes.Add(T());
                    break;
                case "FIRST":
                    _firsts.Add((T(), int.Parse(fields["partition"], CultureInfo.InvariantCulture)));
                    break;
                case "STATE":
                    State = (T(), fields["caught"] == "1", long.Parse(fields["count"], CultureInfo.InvariantCulture));
                    break;
                case "FAILED":
                    Failure = line;
                    break;
            }
        }
    }

    private static int[] Partitions(string text) =>
        text.Length == 0 ? [] : text.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Whether the members' latest assignments are one generation that hands out every partition once.</summary>
    public static bool Settled(IReadOnlyList<MemberProcess> members, int partitions, out int generation)
    {
        generation = -1;
        var latest = members.Select(m => m.LatestAssignment).ToList();
        if (latest.Any(a => a is null) || latest.Select(a => a!.Generation).Distinct().Count() != 1)
            return false;
        var all = latest.SelectMany(a => a!.Partitions).ToList();
        if (all.Count != partitions || all.Distinct().Count() != partitions)
            return false;
        if (members.Count <= partitions && latest.Any(a => a!.Partitions.Length == 0))
            return false;
        generation = latest[0]!.Generation;
        return true;
    }

    public static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what, IReadOnlyList<MemberProcess> members)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (members.FirstOrDefault(m => m.Failure is not null || m.Child.HasExited) is { } broken)
                throw new InvalidOperationException($"member {broken.Index} {(broken.Failure ?? "exited")} while waiting for {what}: {broken.Child.StderrTail}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0} s");
            await Task.Delay(5).ConfigureAwait(false);
        }
    }
}

/// <summary>One ASSIGNED line: when, which generation, which partitions.</summary>
internal sealed record Assignment(double Ms, int Generation, int[] Partitions);
