using Sluice.Cli;
using Xunit;

namespace Sluice.IntegrationTests.Cli;

/// <summary>What <c>sluice</c> says when it is used wrongly, asked for help, or cannot reach a broker: no broker needed.</summary>
public sealed class CliUsageTests
{
    // Nothing listens on port 1 of the loopback interface, so a connection there is refused at once.
    private const string Nowhere = "127.0.0.1:1";

    [Theory]
    [InlineData("--bogus", "consume", "--bootstrap", Nowhere, "--group", "g", "--topic", "t", "--bogus")]
    [InlineData("--topic", "consume", "--bootstrap", Nowhere, "--group", "g")]
    [InlineData("--group", "consume", "--bootstrap", Nowhere, "--topic", "t")]
    [InlineData("--bootstrap", "consume", "--group", "g", "--topic", "t")]
    [InlineData("--bootstrap", "consume", "--bootstrap", "no-port", "--group", "g", "--topic", "t")]
    [InlineData("--from", "consume", "--bootstrap", Nowhere, "--group", "g", "--topic", "t", "--from", "yesterday")]
    [InlineData("--format", "consume", "--bootstrap", Nowhere, "--group", "g", "--topic", "t", "--format", "xml")]
    [InlineData("--max-messages", "consume", "--bootstrap", Nowhere, "--group", "g", "--topic", "t", "--max-messages", "lots")]
    [InlineData("--idle-timeout", "consume", "--bootstrap", Nowhere, "--group", "g", "--topic", "t", "--idle-timeout")]
    [InlineData("--topic-pattern", "consume", "--bootstrap", Nowhere, "--group", "g", "--topic", "t", "--topic-pattern", "t.*")]
    [InlineData("--topic-pattern", "consume", "--bootstrap", Nowhere, "--group", "g", "--topic-pattern", "orders-(")]
    [InlineData("--compression", "produce", "--bootstrap", Nowhere, "--topic", "t", "--count", "1", "--compression", "brotli")]
    [InlineData("--size", "produce", "--bootstrap", Nowhere, "--topic", "t", "--size", "10")]
    [InlineData("--count", "produce", "--bootstrap", Nowhere, "--topic", "t", "--count", "-5")]
    [InlineData("--group", "groups", "describe", "--bootstrap", Nowhere)]
    [InlineData("--duration", "demo", "--duration", "5")]
    [InlineData("--short", "demo", "--short", "--duration", "40")]
    public async Task A_usage_error_exits_2_with_one_line_naming_the_flag(string flag, params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.ErrLines);
        Assert.StartsWith($"sluice {args[0]}: ", line);
        Assert.Contains(flag, line);
        Assert.Contains($"see 'sluice {args[0]} --help'", line);
        Assert.Empty(run.OutLines);
    }

    [Fact]
    public async Task An_unknown_command_exits_2_and_lists_the_commands()
    {
        var run = await CliRun.RunAsync("consoom");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var line = Assert.Single(run.ErrLines);
        Assert.Contains("'consoom'", line);
        Assert.Contains("demo, consume, produce, groups", line);
    }

    [Theory]
    [InlineData("consume")]
    [InlineData("produce")]
    [InlineData("groups")]
    [InlineData("demo")]
    public async Task Every_command_prints_its_usage_with_help(string command)
    {
        var run = await CliRun.RunAsync(command, "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith($"Usage: sluice {command}", run.OutLines[0]);
        Assert.Contains(run.OutLines, l => l.TrimStart().StartsWith("--verbose", StringComparison.Ordinal));
        Assert.Empty(run.ErrLines);
    }

    [Fact]
    public async Task Sluice_help_lists_every_command()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var command in new[] { "demo", "consume", "produce", "groups" })
            Assert.Contains(run.OutLines, l => l.StartsWith($"  {command} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broker_that_cannot_be_reached_is_one_line_and_exit_1_with_a_stack_trace_only_when_verbose()
    {
        string[] args = ["consume", "--bootstrap", Nowhere, "--group", "g", "--topic", "t"];

        var quiet = await CliRun.RunAsync(args);
        var verbose = await CliRun.RunAsync([.. args, "--verbose"]);

        Assert.Equal(ExitCodes.Failure, quiet.ExitCode);
        var line = Assert.Single(quiet.ErrLines);
        Assert.StartsWith($"sluice consume: no broker answered at {Nowhere}", line);
        Assert.Contains("check --bootstrap", line);
        Assert.Equal(ExitCodes.Failure, verbose.ExitCode);
        Assert.Equal(line, verbose.ErrLines[0]);
        Assert.Contains(verbose.ErrLines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_config_file_is_one_line_naming_the_setting()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sluice-cli-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(path, "sluice.consumer { session-timout = 5s }");
        try
        {
            var run = await CliRun.RunAsync("consume", "--bootstrap", Nowhere, "--group", "g", "--topic", "t", "--config", path);

            Assert.Equal(ExitCodes.Failure, run.ExitCode);
            var line = Assert.Single(run.ErrLines);
            Assert.Contains("session-timout", line);
            Assert.Contains("--config", line);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
