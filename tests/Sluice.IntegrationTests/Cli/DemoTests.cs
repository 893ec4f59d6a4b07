using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Cli;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Cli;

/// <summary>The short demo, in-process, on its own embedded mock cluster: what CI runs.</summary>
[RunsOn(TestBrokerBackend.MockCluster)]
public sealed partial class DemoTests(ITestOutputHelper output)
{
    [ScenarioFact]
    public async Task The_short_demo_loses_nothing_through_a_graceful_stop_and_a_kill_and_reports_three_rebalances()
    {
        var run = await CliRun.RunAsync("demo", "--short");
        output.WriteLine(run.ToString());

        var lastWords = run.ErrLines.LastOrDefault(l => l.Length > 0) ?? run.OutLines.LastOrDefault(l => l.Length > 0);
        Assert.True(run.ExitCode == ExitCodes.Success, $"the demo exited {run.ExitCode}: {lastWords}");
        var summary = run.OutLines.SkipWhile(l => l != "Summary").ToList();
        Assert.NotEmpty(summary);
        var produced = long.Parse(Value(summary, "records produced").Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.True(produced > 1000, $"only {produced} records produced");
        Assert.StartsWith($"{produced} distinct", Value(summary, "records consumed"));
        Assert.Equal("0", Value(summary, "lost"));
        Assert.Equal("Result: OK, nothing lost.", summary[^1]);

        var members = Value(summary, "members");
        foreach (var member in new[] { "member-1", "member-2", "member-3" })
            Assert.Matches($@"{member} processed [1-9]\d*", members);
        Assert.StartsWith("3 ", Value(summary, "rebalances"));
        var rebalances = summary.Where(l => Rebalance().IsMatch(l)).ToList();
        Assert.Equal(["1", "2", "3"], rebalances.Select(l => Rebalance().Match(l).Groups["number"].Value));
        Assert.Contains("member-2 stopped gracefully", rebalances[1]);
        Assert.Contains("member-3 killed", rebalances[2]);
        Assert.EndsWith("member-1 0,1,2,3,4,5", rebalances[2]);

        // The kill is noticed only at the session timeout, so member-1 takes over no sooner than that.
        Assert.True(double.Parse(Rebalance().Match(rebalances[2]).Groups["seconds"].Value, CultureInfo.InvariantCulture) >= 5, rebalances[2]);

        // Duplicates, if any, come with their reason.
        var duplicated = long.Parse(Value(summary, "duplicated").Split(' ')[0], CultureInfo.InvariantCulture);
        var reasons = summary.SkipWhile(l => !l.StartsWith("  duplicated", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).ToList();
        Assert.Equal(duplicated, reasons.Sum(l => long.Parse(l.Trim().Split(' ')[0], CultureInfo.InvariantCulture)));
    }

    private static string Value(IReadOnlyList<string> summary, string label) =>
        summary.Single(l => l.StartsWith($"  {label} ", StringComparison.Ordinal))[(label.Length + 2)..].Trim();

    [GeneratedRegex(@"^    (?<number>\d)\. .{42}\s+(?<seconds>\d+\.\d) s   member-1 ")]
    private static partial Regex Rebalance();
}
