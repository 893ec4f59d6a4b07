using System.Globalization;
using System.Text;
using Sluice.Benchmarks.Cli;
using Sluice.Benchmarks.Consumers;
using Sluice.Protocol.Compression;

namespace Sluice.Benchmarks.Harness;

/// <summary>
/// <c>side-by-side</c>: loads a topic once per record size, then runs every tool as a fresh one-member group in its
/// own process, interleaved per round (A B C …, A B C …), one or more warm-up rounds and then the counted rounds,
/// and prints one Markdown table per configuration.
/// </summary>
internal static class SideBySideCommand
{
    public const string Usage =
        "side-by-side [--broker legacy|mock | --bootstrap HOST:PORT [--legacy]] [--count N] [--size S[,S…]] [--partitions P] [--codec none|gzip|snappy|lz4|zstd]\n" +
        "             [--rounds R] [--warmup W] [--tools a,b,…] [--build r2r|jit] [--batch-kib K] [--pause-ms MS] [--quiet-wait-s S] [--write-docs] [--docs PATH]";

    public static async Task<int> RunAsync(CommandArgs line)
    {
        var choice = BrokerChoice.Parse(line);
        var isMock = choice.IsMock;
        var count = line.Long("count", isMock ? 200_000 : 1_000_000);
        var sizes = line.Counts("size", isMock ? [100] : [100, 1024]).Select(s => checked((int)s)).ToArray();
        var partitions = line.Int("partitions", 6);
        var codec = Enum.Parse<CompressionCodec>(line.String("codec", "none"), ignoreCase: true);
        var rounds = line.Int("rounds", 3);
        var warmup = line.Int("warmup", 1);
        var tools = line.List("tools", Tool.DefaultNames).Select(Tool.Named).ToList();
        var batchKib = line.Int("batch-kib", 256);
        var pause = TimeSpan.FromMilliseconds(line.Int("pause-ms", 1000));
        var quietWait = TimeSpan.FromSeconds(line.Int("quiet-wait-s", 60));
        var writeDocs = line.Flag("write-docs");
        var docsPath = line.String("docs");
        var buildName = line.String("build", "r2r");
        line.RejectUnused();
        if (buildName is not ("r2r" or "jit"))
            throw new UsageException($"--build {buildName}: use r2r (ReadyToRun publish, the default) or jit (the plain build)");
        if (choice.Kind is not ("legacy" or "mock" or "bootstrap"))
            throw new UsageException($"--broker {choice.Kind}: use legacy or mock, or --bootstrap");
        if (rounds < 1 || warmup < 0 || count < 1 || partitions < 1 || sizes.Any(s => s < 1))
            throw new UsageException("--rounds, --count, --partitions and --size must be positive, --warmup not negative");

        var notes = new List<string>();
        if (isMock)
        {
            foreach (var size in sizes)
            {
                var perPartition = (count + partitions - 1) / partitions * (size + 16L);
                if (perPartition > BenchBroker.MockPartitionLimitBytes * 95 / 100)
                {
                    var fits = BenchBroker.MockPartitionLimitBytes * 95 / 100 / (size + 16) * partitions;
                    throw new UsageException(
                        $"the mock keeps only 5 MiB (and 100 000 message sets) per partition and silently drops the rest: {count:N0} × {size} B over {partitions} partitions needs {perPartition / 1024.0 / 1024.0:0.0} MiB per partition; use --count {fits:N0} or less, or --broker legacy");
                }
            }

            notes.Add("MockCluster keeps only 5 MiB / 100 000 message sets per partition (hard-coded in librdkafka's mock), so mock runs use small N; use LegacyKafka or --bootstrap for the full-size runs.");
        }

        var command = SelfProcess.ReproduceCommand;
        Console.WriteLine($"# {command}");
        var kcatLib = KcatLibrary.Prepare();
        var environment = new RunEnvironment(
            MachineInfo.Cpu(), MachineInfo.DotNet(), MachineInfo.Java(), MachineInfo.Confluent(), MachineInfo.Kcat(kcatLib), MachineInfo.Akka(), MachineInfo.SluiceCommit());
        Console.WriteLine($"# machine: {environment.Machine}");
        Console.WriteLine($"# {environment.DotNet}; {environment.Java}; {environment.Confluent}; {environment.Kcat}; {environment.Akka}; Sluice {environment.Commit}");
        var build = buildName == "r2r" ? await ChildBuild.PublishReadyToRunAsync(Console.Out).ConfigureAwait(false) : ChildBuild.Jit;
        Console.WriteLine($"# .NET consumers: {build.Name}");
        notes.Add($"Build: the .NET consumers (Sluice and Confluent.Kafka alike, one program) run {build.Name}" +
            (tools.Any(t => t.JitOnly) ? $"; `sluice-jit` runs {ChildBuild.Jit.Name}, to show what JIT warm-up costs in a run this short." : "."));

        await using var broker = await choice.StartAsync().ConfigureAwait(false);
        Console.WriteLine($"# broker: {broker.Description} at {broker.BootstrapServers}");

        var failures = 0;
        foreach (var size in sizes)
        {
            var spec = new TopicSpec(count, size, partitions, codec);
            var loaded = await TopicLoader.EnsureLoadedAsync(broker, spec, batchKib * 1024, Console.Out).ConfigureAwait(false);
            var runs = new List<ToolRun>();
            var started = DateTime.UtcNow;
            for (var round = 0; round < warmup + rounds; round++)
            {
                var isWarmup = round < warmup;
                foreach (var tool in tools)
                {
                    await Quiet.WaitAsync(broker, quietWait).ConfigureAwait(false);
                    var group = $"bench-{tool.Name}-r{round}-{Guid.NewGuid().ToString("N")[..8]}";
                    var run = await RunToolAsync(tool, tool.JitOnly ? ChildBuild.Jit : build, broker, spec, group, round, isWarmup, kcatLib).ConfigureAwait(false);
                    runs.Add(run);
                    Console.WriteLine($"[{spec.Size} B, round {round + 1}/{warmup + rounds}{(isWarmup ? " warm-up" : "")}] {tool.Name,-16} {run.Summary(count)}");
                    await Task.Delay(pause).ConfigureAwait(false);
                }
            }

            var counted = runs.Where(r => !r.Warmup).ToList();
            failures += counted.Count(r => !r.Counted(count));
            var report = spec.Count == 1
                ? RenderFixedCost(broker, spec, tools, counted, warmup, rounds, environment, command, started)
                : Render(broker, spec, tools, counted, warmup, rounds, environment, command, loaded, notes, started);
            Console.WriteLine();
            Console.WriteLine(report);
            WriteRaw(broker, spec, runs, count);
            if (writeDocs)
            {
                var written = DocsWriter.Write(docsPath, "side-by-side", $"{broker.Kind}-n{count}-s{size}-p{partitions}-{codec.ToString().ToLowerInvariant()}", report);
                Console.WriteLine($"# wrote {written}");
            }
        }

        return failures == 0 ? 0 : 1;
    }

    private static async Task<ToolRun> RunToolAsync(Tool tool, ChildBuild build, BenchBroker broker, TopicSpec spec, string group, int round, bool warmup, string kcatLib)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(180, spec.Count * spec.Size / 2_000_000.0));
        var brokerBefore = broker.BrokerCpuSeconds();
        var machineBefore = ProcessCpu.MachineBusySeconds();
        using var child = tool.Kind == ToolKind.Kcat
            ? ChildProcess.Start("kcat", tool.KcatArguments(broker.BootstrapServers, spec.Name, group, spec.Count, broker.Legacy), measure: true, chunkedStdout: true,
                environment: new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = kcatLib })
            : build.Start(tool.ChildArguments(broker.BootstrapServers, spec.Name, group, spec.Count, broker.Legacy)
                .Concat(["--deadline-s", timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)]), measure: true, environment: tool.Environment);
        var exit = await child.WaitAsync(timeout + TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var brokerCpu = broker.BrokerCpuSeconds() - brokerBefore;
        var machineCpu = ProcessCpu.MachineBusySeconds() - machineBefore;
        string? error = exit.TimedOut ? "killed after the timeout" : exit.ExitCode != 0 ? Tail(child.StderrTail) : null;

        if (tool.Kind == ToolKind.Kcat)
        {
            var chunks = child.Chunks;
            var messages = chunks.Count == 0 ? 0 : chunks[^1].Newlines;
            var (first, last) = ToolRun.KcatTimes(chunks, spec.Count);
            return new ToolRun(tool, round, warmup, messages, messages * spec.Size, child.LaunchMs, first, last, exit.ExitMs, exit.Resources, brokerCpu, machineCpu, exit.ExitCode, error);
        }

        var result = child.Lines.Select(l => ResultLine.TryParse(l.Line)).LastOrDefault(r => r is not null);
        if (result is null)
            error ??= "no RESULT line; " + Tail(child.StderrTail);
        return new ToolRun(tool, round, warmup, result?.Messages ?? 0, result?.Bytes ?? 0, child.LaunchMs, result?.FirstMs ?? 0, result?.LastMs ?? 0, exit.ExitMs, exit.Resources, brokerCpu, machineCpu, exit.ExitCode, error, result?.Extra);
    }

    private static string Render(
        BenchBroker broker, TopicSpec spec, IReadOnlyList<Tool> tools, IReadOnlyList<ToolRun> counted, int warmup, int rounds,
        RunEnvironment environment, string command, string loaded, IReadOnlyList<string> notes, DateTime started)
    {
        double MedianRate(string name) => Stats.Median(counted.Where(r => r.Tool.Name == name && r.Counted(spec.Count)).Select(r => r.MsgsPerSecond));
        var confluentTuned = MedianRate("confluent-tuned");
        var kcat = MedianRate("kcat");

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"### {BrokerTitle(broker)}: {spec.Describe()}");
        sb.AppendLine();
        sb.AppendLine("| tool | msgs/s median (min–max) | MiB/s | CPU µs/rec | peak RSS MiB | first record s | wall s | broker CPU s | ×Confluent tuned | ×kcat |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var tool in tools)
        {
            var mine = counted.Where(r => r.Tool == tool).ToList();
            var ok = mine.Where(r => r.Counted(spec.Count)).ToList();
            var rate = Stats.Median(ok.Select(r => r.MsgsPerSecond));
            var countedNote = ok.Count == mine.Count ? "" : $" ({ok.Count}/{mine.Count} counted)";
            var name = tool.IsSluice ? $"**{tool.Name}**" : tool.Name;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {name}{countedNote} | {Stats.Int(rate)} ({Stats.Int(Stats.Min(ok.Select(r => r.MsgsPerSecond)))}–{Stats.Int(Stats.Max(ok.Select(r => r.MsgsPerSecond)))}) " +
                $"| {Stats.F(Stats.Median(ok.Select(r => r.MibPerSecond)), "0.0")} | {Stats.F(Stats.Median(ok.Select(r => r.CpuMicrosPerRecord)), "0.00")} " +
                $"| {Stats.F(Stats.Median(ok.Select(r => r.RssMib)), "0")} | {Stats.F(Stats.Median(ok.Select(r => r.FirstRecordS)), "0.00")} " +
                $"| {Stats.F(Stats.Median(ok.Select(r => r.WallS)), "0.00")} | {(broker.Kind == "bootstrap" ? "—" : Stats.F(Stats.Median(ok.Select(r => r.BrokerCpuS)), "0.00"))} " +
                $"| {Ratio(rate, confluentTuned)} | {Ratio(rate, kcat)} |");
        }

        var dotnet = tools.Where(t => t.Kind != ToolKind.Kcat).ToList();
        if (dotnet.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("What the .NET runtime reported at the end of each .NET consumer (medians of the counted runs; whole process, start-up included):");
            sb.AppendLine();
            sb.AppendLine("| tool | allocated B/rec | gen0 / gen1 / gen2 GCs | GC pause ms | JIT ms (methods) |");
            sb.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var tool in dotnet)
            {
                var ok = counted.Where(r => r.Tool == tool && r.Counted(spec.Count)).ToList();
                double M(string key) => Stats.Median(ok.Select(r => r.RuntimeValue(key)));
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {tool.Name} | {Stats.F(M("alloc_bytes") / spec.Count, "0")} | {Stats.F(M("gc0"), "0")} / {Stats.F(M("gc1"), "0")} / {Stats.F(M("gc2"), "0")} | {Stats.F(M("gc_pause_ms"), "0")} | {Stats.F(M("jit_ms"), "0")} ({Stats.F(M("jit_methods"), "0")}) |");
            }
        }

        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"- Rounds: {warmup} warm-up + {rounds} counted, tools interleaved in the order shown, each a fresh one-member group (new group id, `auto.offset.reset=earliest`) in its own process; a run counts only with exit code 0 and exactly {spec.Count:N0} records. Medians over the counted rounds; ratios are of medians within this run. Run started {started:yyyy-MM-dd HH:mm} UTC.");
        sb.AppendLine("- msgs/s and MiB/s (values only): N / (last record − first record). CPU µs/rec: the consumer process's user+sys (`/usr/bin/time`) / N, start-up and shutdown included. peak RSS: its max resident set. first record: launch → first record (runtime start, connect, join, first fetch). wall: launch → exit. broker CPU: the broker process(es) during the run. kcat's first/last times are extrapolated from the arrival of its block-buffered output (the rate between the first buffer and the last one before its exit flush).");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Settings: Sluice defaults = `ConsumerSettings.Create(system)` with bootstrap, group, topic, `auto-offset-reset = earliest` ({SluiceProfile.DefaultDescription}, auto-commit off); tuned = {SluiceProfile.TunedDescription}. Confluent.Kafka: `ConsumerBuilder<Ignore, byte[]>`, Subscribe, `Consume(100 ms)` loop, {Tool.Named("confluent").Settings(broker.Legacy)} (+ `fetch.queue.backoff.ms=10` tuned). kcat: `{Tool.Named("kcat").Settings(broker.Legacy)}`.");
        var other = counted.Where(r => r.Counted(spec.Count)).Select(r => r.OtherCpuS / Math.Max(r.WallS, 0.001)).ToList();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"- Background: the rest of the machine (not the consumer, not the broker) used a median {Stats.F(Stats.Median(other), "0.00")} (max {Stats.F(Stats.Max(other), "0.00")}) cores during the counted runs ({Environment.ProcessorCount} cores in all; the harness itself and kcat's output reader are part of it).");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Broker: {broker.Description}. Topic: {loaded}.");
        foreach (var note in notes)
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {environment.Machine}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Versions: {environment.DotNet}; {environment.Java}; {environment.Confluent}; {environment.Kcat}; {environment.Akka}; Sluice at {environment.Commit}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Command (from the repository root): `{command}`");
        return sb.ToString();
    }

    /// <summary>With one record the run measures what a consumer costs before and after its records: start, join, shutdown.</summary>
    private static string RenderFixedCost(
        BenchBroker broker, TopicSpec spec, IReadOnlyList<Tool> tools, IReadOnlyList<ToolRun> counted, int warmup, int rounds, RunEnvironment environment, string command, DateTime started)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"### {BrokerTitle(broker)}: fixed cost of a consumer (a topic of one record, {spec.Partitions} partitions)");
        sb.AppendLine();
        sb.AppendLine("| tool | CPU s (user+sys) | peak RSS MiB | first record s | wall s | allocated MB | JIT ms (methods) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var tool in tools)
        {
            var ok = counted.Where(r => r.Tool == tool && r.Counted(spec.Count)).ToList();
            var mine = counted.Count(r => r.Tool == tool);
            double M(string key) => Stats.Median(ok.Select(r => r.RuntimeValue(key)));
            var name = tool.IsSluice ? $"**{tool.Name}**" : tool.Name;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {name}{(ok.Count == mine ? "" : $" ({ok.Count}/{mine} counted)")} | {Stats.F(Stats.Median(ok.Select(r => r.Resources!.CpuS)), "0.00")} | {Stats.F(Stats.Median(ok.Select(r => r.RssMib)), "0")} " +
                $"| {Stats.F(Stats.Median(ok.Select(r => r.FirstRecordS)), "0.00")} | {Stats.F(Stats.Median(ok.Select(r => r.WallS)), "0.00")} " +
                $"| {(tool.Kind == ToolKind.Kcat ? "—" : Stats.F(M("alloc_bytes") / 1e6, "0.0"))} | {(tool.Kind == ToolKind.Kcat ? "—" : $"{Stats.F(M("jit_ms"), "0")} ({Stats.F(M("jit_methods"), "0")})")} |");
        }

        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"- Each tool consumes the single record of a one-record topic as a fresh one-member group: what a consumer costs whatever it reads (runtime start, connect, join, first fetch, shutdown). Subtract it from a full run's CPU to get the marginal cost per record. Medians of {rounds} counted rounds after {warmup} warm-up; run started {started:yyyy-MM-dd HH:mm} UTC. CPU has the 10 ms resolution of `/usr/bin/time`.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Broker: {broker.Description}. Machine: {environment.Machine}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Versions: {environment.DotNet}; {environment.Confluent}; {environment.Kcat}; {environment.Akka}; Sluice at {environment.Commit}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- Command (from the repository root): `{command}`");
        return sb.ToString();
    }

    private static string Ratio(double value, double baseline) =>
        double.IsNaN(value) || double.IsNaN(baseline) ? "—" : Stats.F(value / baseline, "0.00") + "×";

    private static string BrokerTitle(BenchBroker broker) => broker.Kind switch
    {
        "legacy" => "LegacyKafka (Apache Kafka 0.9.0.1)",
        "mock" => "MockCluster (librdkafka 2.16 mock, 3 brokers)",
        _ => $"Cluster at {broker.BootstrapServers}",
    };

    private static void WriteRaw(BenchBroker broker, TopicSpec spec, IReadOnlyList<ToolRun> runs, long n)
    {
        var dir = Path.Combine(DocsWriter.RepositoryRoot(), "artifacts", "side-by-side");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{broker.Kind}-{spec.Name}.tsv");
        var sb = new StringBuilder("tool\tround\twarmup\tcounted\tmsgs\tbytes\tlaunch_ms\tfirst_ms\tlast_ms\texit_ms\tmsgs_per_s\tcpu_user_s\tcpu_sys_s\tmax_rss_kib\tbroker_cpu_s\tother_cpu_s\texit\terror\n");
        foreach (var r in runs)
        {
            sb.AppendLine(string.Join('\t', new object?[]
            {
                r.Tool.Name, r.Round, r.Warmup, r.Counted(n), r.Messages, r.Bytes, Clock.Format(r.LaunchMs), Clock.Format(r.FirstMs), Clock.Format(r.LastMs), Clock.Format(r.ExitMs),
                Stats.F(r.MsgsPerSecond, "0"), r.Resources?.UserS, r.Resources?.SysS, r.Resources?.MaxRssKiB, Stats.F(r.BrokerCpuS, "0.00"), Stats.F(r.OtherCpuS, "0.00"), r.ExitCode, r.Error?.ReplaceLineEndings(" "),
            }.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        }

        File.WriteAllText(file, sb.ToString());
        Console.WriteLine($"# raw runs: {file}");
    }

    private static string Tail(string text) => text.Length > 600 ? "…" + text[^600..].ReplaceLineEndings(" ") : text.ReplaceLineEndings(" ");
}

/// <summary>
/// Waits (up to a limit) until the rest of the machine is nearly idle before a run starts: other work on a 2-core
/// machine shows up directly in the numbers. Whatever remains is reported per run as background CPU.
/// </summary>
internal static class Quiet
{
    private const double MaxOtherCores = 0.15;

    public static async Task WaitAsync(BenchBroker broker, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        var reported = false;
        while (true)
        {
            var machine = ProcessCpu.MachineBusySeconds();
            var brokerCpu = broker.BrokerCpuSeconds();
            await Task.Delay(1000).ConfigureAwait(false);
            var other = ProcessCpu.MachineBusySeconds() - machine - (broker.BrokerCpuSeconds() - brokerCpu);
            if (other <= MaxOtherCores)
                return;
            if (DateTime.UtcNow > deadline)
            {
                Console.WriteLine($"# the machine is still busy ({other:0.00} cores of other work); measuring anyway");
                return;
            }

            if (!reported)
            {
                Console.WriteLine($"# waiting for other work to stop ({other:0.00} cores busy)…");
                reported = true;
            }
        }
    }
}

/// <summary>What the report says about the machine and the software.</summary>
internal sealed record RunEnvironment(string Machine, string DotNet, string Java, string Confluent, string Kcat, string Akka, string Commit);

/// <summary>
/// A folder with librdkafka.redist's <c>centos8-librdkafka.so</c> under its SONAME <c>librdkafka.so.1</c>, so that
/// kcat run with <c>LD_LIBRARY_PATH</c> pointing there uses librdkafka 2.16.0 rather than Debian's 2.0.2.
/// </summary>
internal static class KcatLibrary
{
    public static string Prepare()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "kcat-lib");
        Directory.CreateDirectory(dir);
        var target = Path.Combine(dir, "librdkafka.so.1");
        var source = ConfluentNative.BundledLibraryPath;
        if (!File.Exists(target) || new FileInfo(target).Length != new FileInfo(source).Length)
            File.Copy(source, target, overwrite: true);
        return dir;
    }
}
