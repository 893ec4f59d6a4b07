using System.Text;
using Sluice.Cli.Arguments;
using Sluice.Cli.Commands;

namespace Sluice.Cli;

/// <summary>
/// The <c>sluice</c> command line, runnable in-process: picks the command, parses its options, runs it, and turns
/// any failure into one line on stderr and an exit code (<see cref="ExitCodes"/>).
/// </summary>
public static class SluiceCli
{
    private static readonly IReadOnlyList<ICommand> Commands =
    [
        new DemoCommand(),
        new ConsumeCommand(),
        new ProduceCommand(),
        new GroupsCommand(),
        new BenchCommand(),
    ];

    /// <summary>The text <c>sluice --help</c> prints.</summary>
    public static string Usage
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine("Usage: sluice [<command>] [options]");
            text.AppendLine();
            text.AppendLine("Sluice is a Kafka consumer-group runtime for Akka.NET. This tool shows it at work and reads, fills and");
            text.AppendLine("inspects topics and groups. With no command it runs the demo on an embedded cluster.");
            text.AppendLine();
            text.AppendLine("Commands:");
            foreach (var command in Commands)
                text.Append("  ").Append(command.Name.PadRight(10)).AppendLine(command.Summary);
            text.AppendLine();
            text.AppendLine("Run 'sluice <command> --help' for a command's options. Every command takes --verbose (stack traces");
            text.AppendLine("and client logs on stderr). Exit codes: 0 done, 1 failed (one line on stderr says why), 2 bad usage.");
            return text.ToString();
        }
    }

    /// <summary>Runs the command line <paramref name="args"/> against <paramref name="console"/> and returns the exit code.
    /// Cancelling <paramref name="cancellationToken"/> is Ctrl-C: commands finish cleanly and exit.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var verbose = args.Contains("--verbose") || args.Contains("-v");
        if (args.Count > 0 && args[0] is "--help" or "-h" or "help")
        {
            await console.Out.WriteAsync(Usage).ConfigureAwait(false);
            await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        var commandArgs = args.Count > 0 && !args[0].StartsWith('-') ? args.Skip(1).ToList() : args.ToList();
        var name = args.Count > 0 && !args[0].StartsWith('-') ? args[0] : "demo";
        var command = Commands.FirstOrDefault(c => c.Name == name);
        if (command is null)
        {
            return ErrorReporter.Report(
                new UsageException($"unknown command '{name}'; the commands are {string.Join(", ", Commands.Select(c => c.Name))}"),
                "sluice", console.Err, verbose: false);
        }

        var label = $"sluice {command.Name}";
        try
        {
            var parsed = OptionParser.Parse(commandArgs, [.. command.Options, .. UsageText.CommonOptions], label);
            if (parsed.Has("help"))
            {
                await console.Out.WriteAsync(command.Usage).ConfigureAwait(false);
                await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var code = await command.RunAsync(parsed, console, cancellationToken).ConfigureAwait(false);
            await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return code;
        }
        catch (Exception e)
        {
            try
            {
                await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The output is gone; the error still goes to stderr.
            }

            return ErrorReporter.Report(e, label, console.Err, verbose);
        }
    }
}
