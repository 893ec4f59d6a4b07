using Sluice.Cli;

namespace Sluice.IntegrationTests.Cli;

/// <summary>What a command printed and returned.</summary>
public sealed record CliResult(int ExitCode, CapturedOutput Out, CapturedOutput Err)
{
    /// <summary>The stdout lines.</summary>
    public IReadOnlyList<string> OutLines => Out.Lines;

    /// <summary>The stderr lines.</summary>
    public IReadOnlyList<string> ErrLines => Err.Lines;

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out.Text}--- stderr\n{Err.Text}";
}

/// <summary>Runs <c>sluice</c> commands in-process against captured writers.</summary>
public static class CliRun
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Runs a command line to its end.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    /// <summary>Runs a command line with <paramref name="stdin"/> as its input, optionally interrupted by <paramref name="interrupt"/>.</summary>
    public static async Task<CliResult> RunAsync(string[] args, string? stdin, CancellationToken interrupt = default)
    {
        var started = Start(args, stdin, interrupt);
        return await started.Completion.WaitAsync(Patience);
    }

    /// <summary>Starts a command line; its output can be watched while it runs.</summary>
    public static RunningCli Start(string[] args, string? stdin = null, CancellationToken interrupt = default)
    {
        var output = new CapturedOutput();
        var errors = new CapturedOutput();
        var console = new CliConsole(new StringReader(stdin ?? ""), output, errors);
        var completion = Task.Run(async () => new CliResult(await SluiceCli.RunAsync(args, console, interrupt), output, errors));
        return new RunningCli(output, errors, completion);
    }
}

/// <summary>A command running in-process.</summary>
public sealed record RunningCli(CapturedOutput Out, CapturedOutput Err, Task<CliResult> Completion);
