using System.Globalization;
using System.Text;
using Sluice.Benchmarks.Cli;
using Sluice.Protocol.Compression;

namespace Sluice.Benchmarks.Harness;

/// <summary>
/// <c>group-vs-one</c>: the same topic consumed by one Sluice member and by a group of several (each its own
/// process), interleaved per round. Members start behind a gate: they join, get their partitions and pre-fetch,
/// but emit nothing until every member holds its share of one settled generation; then the gate opens and the
/// group consumes the whole topic with no further rebalance. Auto-commit is on so that a rebalance during the join
/// (Kafka 0.9 has no initial rebalance delay, so later joiners always cause one) cannot duplicate records.
/// </summary>
internal static class GroupVsOneCommand
{
    public const string Usage =
        "group-vs-one [--broker legacy|mock | --bootstrap B [--legacy]] [--count N] [--size S] [--partitions P] [--members K] [--rounds R] [--warmup W] [--tuned] [--write-docs] [--docs PATH]";

    public static async Task<int> RunAsync(CommandArgs line)
    {
        var choice = BrokerChoice.Parse(line);
        var count = line.Long("count", choice.IsMock ? 200_000 : 1_000_000);
        var size = line.Int("size", 100);
        var partitions = line.Int("partitions", 6);
        var members = line.Int("members", 3);
        var rounds = line.Int("rounds", 3);
        var warmup = line.Int("warmup", 1);
        var tuned = line.Flag("tuned");
        var writeDocs = line.Flag("write-docs");
        var docsPath = line.String("docs");
        line.RejectUnused();

        var command = SelfProcess.ReproduceCommand;
        var machine = MachineInfo.Cpu();
        await using var broker = await choice.StartAsync().ConfigureAwait(false);
        var spec = new TopicSpec(count, size, partitions, CompressionCodec.None);
        var loaded = await TopicLoader.EnsureLoadedAsync(broker, spec, 256 * 1024, Console.Out).ConfigureAwait(false);
        var variants = new[] { 1, members };
        var results = new List<GroupRun>();
        for (var round = 0; round < warmup + rounds; round++)
        {
            foreach (var k in variants)
            {
                var run = await RunGroupAsync(broker, spec, k, tuned, round < warmup).ConfigureAwait(false);
                results.Add(run);
                Console.WriteLine($"[round {round + 1}/{warmup + rounds}{(round < warmup ? " warm-up" : "")}] {k} member(s): {run.Summary(count)}");
                await Task.Delay(1000).ConfigureAwait(false);
            }
        }

        var counted = results.Where(r => !r.Warmup).ToList();
        var report = Render(broker, spec, variants, counted, warmup, rounds, tuned, machine, command, loaded);
        Console.WriteLine();
        Console.WriteLine(report);
        if (writeDocs)
            Console.WriteLine($"# wrote {DocsWriter.Write(docsPath, "group-vs-one", $"{broker.Kind}-n{count}-s{size}-p{partitions}-k{members}{(tuned ? "-tuned" : "")}", report)}");
        return counted.All(r => r.Valid(count)) ? 0 : 1;
    }

    private static async Task<GroupRun> RunGroupAsync(BenchBroker broker, TopicSpec spec, int k, bool tuned, bool warmup)
    {
        var group = $"bench-group{k}-{Guid.NewGuid().ToString("N")[..8]}";
        var end = spec.EndOffsets();
        var args = new List<string>
        {
            "--bootstrap", broker.BootstrapServers, "--topic", spec.Name, "--group", group, "--partitions", spec.Partitions.ToString(CultureInfo.InvariantCulture),
            "--end-offsets", string.Join(',', end), "--auto-commit", "--gate",
        };
        if (tuned)
            args.Add("--tuned");
        var procs = Enumerable.Range(0, k).Select(i => MemberProcess.Start(i, args, measure: true)).ToList();
        var launch = procs.Min(p => p.Child.LaunchMs);
        try
        {
            var generation = -1;
            await MemberProcess.WaitAsync(() => MemberProcess.Settled(procs, spec.Partitions, out generation), TimeSpan.FromSeconds(120), "a settled group", procs).ConfigureAwait(false);
            var settled = Consumers.Clock.NowMs();
            foreach (var p in procs)
                p.Child.Send("go");
            var gate = Consumers.Clock.NowMs();
            await MemberProcess.WaitAsync(
                () => procs.All(p => p.State is { Caught: true }) && procs.Sum(p => p.State!.Value.Count) >= spec.Count,
                TimeSpan.FromSeconds(300), "all records consumed", procs).ConfigureAwait(false);
            foreach (var p in procs)
                p.Child.Send("stop");
            var exits = new List<ChildExit>();
            foreach (var p in procs)
                exits.Add(await p.Child.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false));
            var results = procs.Select(p => p.Result).ToList();
            var rebalancedDuringRun = procs.Any(p => p.Assignments.Any(a => a.Ms > gate));
            return new GroupRun(
                k, warmup,
                results.Sum(r => r?.Messages ?? 0),
                results.Sum(r => r?.Bytes ?? 0),
                results.Where(r => r is { Messages: > 0 }).Select(r => r!.FirstMs).DefaultIfEmpty(0).Min(),
                results.Where(r => r is { Messages: > 0 }).Select(r => r!.LastMs).DefaultIfEmpty(0).Max(),
                launch, settled, gate,
                exits.Sum(e => e.Resources?.CpuS ?? double.NaN),
                exits.Sum(e => (e.Resources?.MaxRssKiB ?? 0) / 1024.0),
                procs.Select(p => p.Assignments.Select(a => a.Generation).Distinct().Count()).Max(),
                generation,
                string.Join(" / ", procs.Select(p => p.LatestAssignment!.Partitions.Length)),
                rebalancedDuringRun,
                exits.Any(e => e.ExitCode != 0) ? string.Join("; ", procs.Where((_, i) => exits[i].ExitCode != 0).Select(p => p.Child.StderrTail)) : null);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return new GroupRun(k, warmup, 0, 0, 0, 0, launch, 0, 0, double.NaN, double.NaN, 0, -1, "", false, e.Message);
        }
        finally
        {
            foreach (var p in procs)
                p.Dispose();
        }
    }

    private static string Render(
        BenchBroker broker, TopicSpec spec, int[] variants, IReadOnlyList<GroupRun> counted, int warmup, int rounds, bool tuned, string machine, string command, string loaded)
    {
        var one = Stats.Median(counted.Where(r => r.Members == 1 && r.Valid(spec.Count)).Select(r => r.MsgsPerSecond));
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"### {(broker.Kind == "legacy" ? "LegacyKafka (Apache Kafka 0.9.0.1)" : broker.Kind == "mock" ? "MockCluster" : broker.BootstrapServers)}: {spec.Describe()}, Sluice `PlainSource` ({(tuned ? "tuned" : "defaults")} + auto-commit)");
        sb.AppendLine();
        sb.AppendLine("| members | msgs/s aggregate median (min–max) | MiB/s | CPU µs/rec (sum) | peak RSS MiB (sum) | join → settled s | generations seen | partitions per member | first record after gate s | ×1 member |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var k in variants)
        {
            var mine = counted.Where(r => r.Members == k).ToList();
            var ok = mine.Where(r => r.Valid(spec.Count)).ToList();
            var rate = Stats.Median(ok.Select(r => r.MsgsPerSecond));
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {k}{(ok.Count == mine.Count ? "" : $" ({ok.Count}/{mine.Count} valid)")} | {Stats.Int(rate)} ({Stats.Int(Stats.Min(ok.Select(r => r.MsgsPerSecond)))}–{Stats.Int(Stats.Max(ok.Select(r => r.MsgsPerSecond)))}) " +
                $"| {Stats.F(Stats.Median(ok.Select(r => r.MibPerSecond)), "0.0")} | {Stats.F(Stats.Median(ok.Select(r => r.CpuMicrosPerRecord(spec.Count))), "0.00")} | {Stats.F(Stats.Median(ok.Select(r => r.RssMib)), "0")} " +
                $"| {Stats.F(Stats.Median(ok.Select(r => (r.SettledMs - r.LaunchMs) / 1000)), "0.00")} | {string.Join(", ", ok.Select(r => r.Generations).Distinct().Order())} | {string.Join(", ", ok.Select(r => r.PartitionsPerMember).Distinct())} " +
                $"| {Stats.F(Stats.Median(ok.Select(r => (r.FirstMs - r.GateMs) / 1000)), "0.000")} | {Stats.F(rate / one, "0.00")}× |");
        }

        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"- Each member is its own process (`member-sluice`: `PlainSource` → counting `Select` → `Sink.Ignore`, auto-commit on, range assignor). Members join behind a gate and emit nothing until the group has settled on one generation that gives every partition to exactly one member; then the gate opens and no rebalance happens while the topic is consumed (checked). A run is valid when the members' counts sum to exactly {spec.Count:N0} and nothing was reassigned after the gate.");
        sb.AppendLine("- msgs/s aggregate: N / (latest last record − earliest first record) over all members. CPU and RSS: sums over the member processes (`/usr/bin/time`), including start-up, join, waiting at the gate and shutdown. generations seen: how many generations the busiest member was assigned in before the gate (Kafka 0.9 has no initial rebalance delay, so the first joiner gets a generation alone and later joiners force another).");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Rounds: {warmup} warm-up + {rounds} counted, 1 member and {variants[^1]} members interleaved; fresh group per run. Broker: {broker.Description}. Topic: {loaded}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Command (from the repository root): `{command}`");
        return sb.ToString();
    }
}

/// <summary>One group-vs-one run.</summary>
internal sealed record GroupRun(
    int Members,
    bool Warmup,
    long Messages,
    long Bytes,
    double FirstMs,
    double LastMs,
    double LaunchMs,
    double SettledMs,
    double GateMs,
    double CpuS,
    double RssMib,
    int Generations,
    int Generation,
    string PartitionsPerMember,
    bool RebalancedDuringRun,
    string? Error)
{
    public bool Valid(long n) => Error is null && Messages == n && !RebalancedDuringRun && LastMs > FirstMs;

    public double MsgsPerSecond => Messages / ((LastMs - FirstMs) / 1000);

    public double MibPerSecond => Bytes / ((LastMs - FirstMs) / 1000) / (1 << 20);

    public double CpuMicrosPerRecord(long n) => CpuS * 1e6 / n;

    public string Summary(long n) => Valid(n)
        ? string.Create(CultureInfo.InvariantCulture, $"{Messages:N0} msgs, {MsgsPerSecond:N0} msgs/s, cpu {CpuMicrosPerRecord(n):0.00} µs/rec, rss {RssMib:0} MiB, settled after {(SettledMs - LaunchMs) / 1000:0.00} s in generation {Generation} ({Generations} seen), partitions {PartitionsPerMember}")
        : $"NOT VALID: {Messages:N0} of {n:N0} msgs, rebalanced during run: {RebalancedDuringRun}{(Error is null ? "" : ", " + Error)}";
}
