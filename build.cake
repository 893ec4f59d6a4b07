// Sluice build script. Run through the local tool manifest:
//   dotnet tool restore
//   dotnet cake --target=Test      (Build, Test, Pack, Bench, Demo)

using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution = "./Sluice.slnx";
var artifacts = MakeAbsolute(Directory("./artifacts"));
var testResults = artifacts.Combine("test-results");

Task("Clean")
    .Does(() =>
{
    CleanDirectory(artifacts);
});

Task("Build")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration });
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    // Inherited by every process the tests start, so the check below can tell this run's processes apart.
    var runMarker = Guid.NewGuid().ToString("N");
    Environment.SetEnvironmentVariable("SLUICE_TEST_RUN", runMarker);
    var failed = false;
    foreach (var project in GetFiles("./tests/*/*.csproj").Where(p => !p.GetFilename().FullPath.Contains("Benchmarks")))
    {
        var name = project.GetFilenameWithoutExtension().FullPath;
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                Loggers = new[] { $"trx;LogFileName={name}.trx", "console;verbosity=normal" },
                ResultsDirectory = testResults,
            });
        }
        catch (Exception e)
        {
            Error($"{name}: {e.Message}");
            failed = true;
        }
    }

    var leftovers = TestKitProcessesStillRunning(runMarker);
    foreach (var leftover in leftovers)
        Error($"Left behind by the tests: {leftover}");

    var totals = SummarizeTrx(testResults);
    if (failed || totals.Failed > 0 || leftovers.Count > 0)
        throw new Exception($"Tests failed: {totals.Failed} failed test(s), {leftovers.Count} process(es) left behind.");
});

Task("Pack")
    .IsDependentOn("Build")
    .Does(() =>
{
    foreach (var project in new[] { "./src/Sluice/Sluice.csproj", "./src/Sluice.Hosting/Sluice.Hosting.csproj", "./src/Sluice.Cli/Sluice.Cli.csproj" })
    {
        DotNetPack(project, new DotNetPackSettings
        {
            Configuration = configuration,
            NoBuild = true,
            OutputDirectory = artifacts.Combine("packages"),
        });
    }
});

// Bench runs the BenchmarkDotNet micro-benchmarks (--filter, default *). --suite=side-by-side, group-vs-one or
// rebalance-latency runs that harness command instead, with --bench-args="…" passed through, e.g.
//   dotnet cake --target=Bench --suite=side-by-side --bench-args="--broker legacy --size 100 --write-docs"
Task("Bench")
    .Does(() =>
{
    var suite = Argument("suite", "micro");
    var arguments = new ProcessArgumentBuilder();
    if (suite == "micro")
    {
        arguments.Append("--filter").Append(Argument("filter", "*"));
    }
    else if (suite == "side-by-side" || suite == "group-vs-one" || suite == "rebalance-latency")
    {
        arguments.Append(suite);
        foreach (var word in Argument("bench-args", "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
            arguments.Append(word);
    }
    else
    {
        throw new Exception($"Unknown --suite={suite}: use micro (default), side-by-side, group-vs-one or rebalance-latency.");
    }

    DotNetRun("./tests/Sluice.Benchmarks/Sluice.Benchmarks.csproj", arguments, new DotNetRunSettings
    {
        Configuration = "Release",
    });
});

// Runs `sluice demo` on its embedded cluster; `--short` runs the CI version, `--bootstrap=host:port` uses a real cluster.
Task("Demo")
    .Does(() =>
{
    var demo = new ProcessArgumentBuilder().Append("demo");
    if (HasArgument("short"))
        demo.Append("--short");
    if (HasArgument("bootstrap"))
        demo.Append("--bootstrap").Append(Argument<string>("bootstrap"));
    DotNetRun("./src/Sluice.Cli/Sluice.Cli.csproj", demo, new DotNetRunSettings
    {
        Configuration = configuration,
    });
});

RunTarget(target);

// Every test project writes a TRX file; the closing line sums them all, in the "N passed, N failed" form that
// CI reads, and skipped tests are listed with their reason so a skip never goes unnoticed.
(int Passed, int Failed, int Skipped) SummarizeTrx(DirectoryPath directory)
{
    const int OutputTailLines = 25;
    var tailsShown = 0;
    XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
    int passed = 0, failed = 0, skipped = 0;
    var skipReasons = new SortedDictionary<string, int>();
    var failures = new List<string>();
    foreach (var file in GetFiles(directory.FullPath + "/*.trx"))
    {
        var doc = XDocument.Load(file.FullPath);
        var counters = doc.Descendants(ns + "Counters").Single();
        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0");
        var name = file.GetFilenameWithoutExtension().FullPath;
        Information($"{name}: {Count("passed")} passed, {Count("failed")} failed, {Count("total") - Count("executed")} skipped");
        passed += Count("passed");
        failed += Count("failed");
        skipped += Count("total") - Count("executed");
        foreach (var result in doc.Descendants(ns + "UnitTestResult").Where(r => (string)r.Attribute("outcome")! == "NotExecuted"))
        {
            var reason = result.Descendants(ns + "Message").FirstOrDefault()?.Value ?? result.Descendants(ns + "StdOut").FirstOrDefault()?.Value ?? "no reason given";
            skipReasons[reason.Trim()] = skipReasons.TryGetValue(reason.Trim(), out var n) ? n + 1 : 1;
        }
        foreach (var result in doc.Descendants(ns + "UnitTestResult").Where(r => (string)r.Attribute("outcome")! == "Failed"))
        {
            var message = result.Descendants(ns + "Message").FirstOrDefault()?.Value.Trim() ?? "no message";
            var firstLines = string.Join(" | ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(3).Select(l => l.Trim()));
            failures.Add($"FAILED {result.Attribute("testName")?.Value}: {firstLines}");
            // A scenario's own log says why it failed where the assertion cannot (a demo's exit code, a member's
            // state); its last lines travel with the totals, since CI may show no more than a log's end.
            var output = result.Descendants(ns + "StdOut").FirstOrDefault()?.Value.TrimEnd();
            if (!string.IsNullOrEmpty(output) && tailsShown++ < 3)
            {
                var lines = output.Split('\n');
                failures.Add($"  last {Math.Min(OutputTailLines, lines.Length)} of its {lines.Length} output lines:");
                failures.AddRange(lines.TakeLast(OutputTailLines).Select(l => "  | " + l.TrimEnd()));
            }
        }
    }

    foreach (var (reason, count) in skipReasons)
        Information($"skipped {count}: {reason}");
    // Failed tests are named next to the totals so that the last lines of a CI log say what broke.
    var total = $"Total: {passed} passed, {failed} failed, {skipped} skipped";
    var summary = string.Join(Environment.NewLine, failures.Append(total));
    Console.WriteLine(summary);
    System.IO.File.WriteAllText(directory.CombineWithFilePath("totals.txt").FullPath, summary + Environment.NewLine);
    return (passed, failed, skipped);
}

// The test kit's processes (mock hosts, tagged JVMs, kcat) that carry this run's marker in their environment
// must all be gone when the tests end.
List<string> TestKitProcessesStillRunning(string runMarker)
{
    var found = new List<string>();
    if (!System.IO.Directory.Exists("/proc"))
        return found;
    foreach (var dir in System.IO.Directory.GetDirectories("/proc"))
    {
        if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid))
            continue;
        string commandLine, environment;
        try
        {
            commandLine = System.IO.File.ReadAllText(System.IO.Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            environment = System.IO.File.ReadAllText(System.IO.Path.Combine(dir, "environ"));
        }
        catch
        {
            continue;
        }

        var isTestKit = commandLine.Contains("-Dsluice.testkit.owner=") || commandLine.Contains("Sluice.TestKit.MockHost") || commandLine.Contains("kcat");
        if (isTestKit && environment.Contains("SLUICE_TEST_RUN=" + runMarker))
            found.Add($"pid {pid}: {(commandLine.Length > 160 ? commandLine.Substring(0, 160) + "…" : commandLine)}");
    }

    return found;
}
