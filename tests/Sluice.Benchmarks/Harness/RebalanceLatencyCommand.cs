using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sluice.Benchmarks.Cli;
using Sluice.Benchmarks.Consumers;
using Sluice.Protocol.Compression;

namespace Sluice.Benchmarks.Harness;

/// <summary>
/// <c>rebalance-latency</c>: a group of Sluice members (own processes) has read a small topic to its end; then one
/// member goes away, either gracefully (stdin <c>stop</c>: LeaveGroup) or by SIGKILL, and the harness times how long
/// the survivors take to consume the partitions it held. Nothing is committed (auto-commit off), so the moved
/// partitions restart at the earliest offset and have records to deliver at once: the time measured is detection +
/// rejoin + sync + offset fetch + first fetch, not waiting for new data.
/// </summary>
internal static class RebalanceLatencyCommand
{
    public const string Usage =
        "rebalance-latency [--broker legacy|mock | --bootstrap B [--legacy]] [--count N] [--size S] [--partitions P] [--members K] [--rounds R] [--modes leave,kill] [--session-timeout-ms MS] [--write-docs] [--docs PATH]";

    public static async Task<int> RunAsync(CommandArgs line)
    {
        var choice = BrokerChoice.Parse(line);
        var count = line.Long("count", 60_000);
        var size = line.Int("size", 100);
        var partitions = line.Int("partitions", 6);
        var members = line.Int("members", 3);
        var rounds = line.Int("rounds", 3);
        var modes = line.List("modes", ["leave", "kill"]);
        var sessionTimeoutMs = line.Int("session-timeout-ms", 10_000);
        var writeDocs = line.Flag("write-docs");
        var docsPath = line.String("docs");
        line.RejectUnused();
        if (members < 2 || modes.Any(m => m is not ("leave" or "kill")))
            throw new UsageException("--members must be at least 2 and --modes a list of leave and kill");

        var command = SelfProcess.ReproduceCommand;
        var machine = MachineInfo.Cpu();
        await using var broker = await choice.StartAsync().ConfigureAwait(false);
        var spec = new TopicSpec(count, size, partitions, CompressionCodec.None);
        var loaded = await TopicLoader.EnsureLoadedAsync(broker, spec, 256 * 1024, Console.Out).ConfigureAwait(false);
        var results = new List<LatencyRun>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var mode in modes)
            {
                var run = await RunOnceAsync(broker, spec, members, mode, sessionTimeoutMs).ConfigureAwait(false);
                results.Add(run);
                Console.WriteLine($"[round {round + 1}/{rounds}] {mode}: {run.Summary}");
                await Task.Delay(1000).ConfigureAwait(false);
            }
        }

        var report = Render(broker, spec, members, modes, sessionTimeoutMs, results, rounds, machine, command, loaded);
        Console.WriteLine();
        Console.WriteLine(report);
        if (writeDocs)
            Console.WriteLine($"# wrote {DocsWriter.Write(docsPath, "rebalance-latency", $"{broker.Kind}-k{members}-p{partitions}", report)}");
        return results.All(r => r.Error is null) ? 0 : 1;
    }

    private static async Task<LatencyRun> RunOnceAsync(BenchBroker broker, TopicSpec spec, int k, string mode, int sessionTimeoutMs)
    {
        var group = $"bench-rebalance-{mode}-{Guid.NewGuid().ToString("N")[..8]}";
        var args = new List<string>
        {
            "--bootstrap", broker.BootstrapServers, "--topic", spec.Name, "--group", group, "--partitions", spec.Partitions.ToString(CultureInfo.InvariantCulture),
            "--end-offsets", string.Join(',', spec.EndOffsets()), "--session-timeout-ms", sessionTimeoutMs.ToString(CultureInfo.InvariantCulture),
        };
        var procs = Enumerable.Range(0, k).Select(i => MemberProcess.Start(i, args, measure: false)).ToList();
        try
        {
            await MemberProcess.WaitAsync(() => MemberProcess.Settled(procs, spec.Partitions, out _) && procs.All(p => p.State is { Caught: true }),
                TimeSpan.FromSeconds(120), "a settled group that has read everything", procs).ConfigureAwait(false);

            // Let a heartbeat or two pass in the settled group, then go at a random point of the heartbeat cycle: the
            // survivors hear of the rebalance on their next heartbeat, so a fixed delay would always measure one phase.
            await Task.Delay(TimeSpan.FromSeconds(2 + Random.Shared.NextDouble() * 3)).ConfigureAwait(false);
            var victim = procs.OrderByDescending(p => p.LatestAssignment!.Partitions.Length).ThenBy(p => p.Index).First();
            var moved = victim.LatestAssignment!.Partitions;
            var survivors = procs.Where(p => p != victim).ToList();
            var t0 = Clock.NowMs();
            if (mode == "leave")
                victim.Child.Send("stop");
            else
                Process.GetProcessById(victim.Pid ?? throw new InvalidOperationException("the victim never said READY")).Kill();

            double? FirstOf(int partition) =>
                survivors.SelectMany(s => s.Firsts).Where(f => f.Partition == partition && f.Ms > t0).Select(f => (double?)f.Ms).Min();
            await MemberProcess.WaitAsync(() => moved.All(p => FirstOf(p) is not null), TimeSpan.FromMilliseconds(sessionTimeoutMs) + TimeSpan.FromSeconds(90),
                "the survivors to consume the moved partitions", survivors).ConfigureAwait(false);
            var firsts = moved.Select(p => FirstOf(p)!.Value - t0).ToArray();
            var revoked = survivors.SelectMany(s => s.Revokes).Where(t => t > t0).DefaultIfEmpty(double.NaN).Min() - t0;
            var lastRevoked = survivors.Select(s => s.Revokes.Where(t => t > t0).DefaultIfEmpty(double.NaN).Min()).Max() - t0;
            var assigned = survivors.Select(s => s.Assignments.Where(a => a.Ms > t0).Select(a => a.Ms).DefaultIfEmpty(double.NaN).Min()).Max() - t0;
            foreach (var s in survivors)
                s.Child.Send("stop");
            foreach (var p in procs)
                await p.Child.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return new LatencyRun(mode, firsts.Min(), firsts.Max(), revoked, lastRevoked, assigned, moved.Length, null);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            return new LatencyRun(mode, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0, e.Message);
        }
        finally
        {
            foreach (var p in procs)
                p.Dispose();
        }
    }

    private static string Render(
        BenchBroker broker, TopicSpec spec, int members, IReadOnlyList<string> modes, int sessionTimeoutMs, IReadOnlyList<LatencyRun> runs, int rounds, string machine, string command, string loaded)
    {
        static string Cell(IEnumerable<double> values) =>
            $"{Stats.F(Stats.Median(values), "0.000")} ({Stats.F(Stats.Min(values), "0.000")}–{Stats.F(Stats.Max(values), "0.000")})";
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"### {(broker.Kind == "legacy" ? "LegacyKafka (Apache Kafka 0.9.0.1)" : broker.Kind == "mock" ? "MockCluster" : broker.BootstrapServers)}: {members} Sluice members, {spec.Partitions} partitions, one member leaves");
        sb.AppendLine();
        sb.AppendLine("| how the member goes | first survivor revokes after s | last survivor revokes after s | survivors assigned after s | first record of a moved partition after s | every moved partition delivering after s | valid runs |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var mode in modes)
        {
            var ok = runs.Where(r => r.Mode == mode && r.Error is null).ToList();
            var label = mode == "leave" ? "graceful (`Shutdown`: LeaveGroup)" : $"killed (SIGKILL; session timeout {sessionTimeoutMs / 1000.0:0.#} s)";
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {label} | {Cell(ok.Select(r => r.RevokedS / 1000))} | {Cell(ok.Select(r => r.LastRevokedS / 1000))} | {Cell(ok.Select(r => r.AssignedS / 1000))} | {Cell(ok.Select(r => r.FirstS / 1000))} | {Cell(ok.Select(r => r.AllS / 1000))} | {ok.Count}/{runs.Count(r => r.Mode == mode)} |");
        }

        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"- Median (min–max) over {rounds} rounds, seconds from the moment the harness told the member to leave (or killed it). Members: `member-sluice` processes (`PlainSource`, defaults, auto-commit off, range assignor, heartbeat 3 s, session timeout {sessionTimeoutMs / 1000.0:0.#} s); the one with the most partitions goes, 2–5 s (uniformly random, so at a random point of the 3 s heartbeat cycle) after the group settled and had read everything. Its partitions restart at the earliest offset on the survivors (nothing was committed), so records are there at once.");
        sb.AppendLine("- A kill is noticed only when the coordinator expires the member (session timeout after its last heartbeat, which was up to one heartbeat interval before the kill) and the survivors hear of the rebalance on their next heartbeat.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Broker: {broker.Description}. Topic: {loaded}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {machine}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Command (from the repository root): `{command}`");
        return sb.ToString();
    }
}

/// <summary>One rebalance-latency run, times in ms after the member left.</summary>
internal sealed record LatencyRun(string Mode, double FirstS, double AllS, double RevokedS, double LastRevokedS, double AssignedS, int Moved, string? Error)
{
    public string Summary => Error is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Moved} partitions moved; survivors revoked after {RevokedS / 1000:0.000}–{LastRevokedS / 1000:0.000} s, assigned after {AssignedS / 1000:0.000} s, first moved record after {FirstS / 1000:0.000} s, all moved partitions after {AllS / 1000:0.000} s")
        : "FAILED: " + Error;
}
