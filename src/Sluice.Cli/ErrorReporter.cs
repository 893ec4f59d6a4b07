using Akka.Configuration;
using Sluice.Cli.Arguments;
using Sluice.Group;
using Sluice.Network;
using Sluice.Settings;

namespace Sluice.Cli;

/// <summary>
/// The one place where failures become what the user sees: a single line on stderr saying what failed and what to
/// check, and the exit code (2 for usage errors, 1 for everything else). Stack traces only with <c>--verbose</c>.
/// </summary>
internal static class ErrorReporter
{
    /// <summary>Writes the line (and with <paramref name="verbose"/> the full exception) and returns the exit code.</summary>
    public static int Report(Exception error, string command, TextWriter err, bool verbose)
    {
        var (code, line) = Describe(error, command);
        err.WriteLine($"{command}: {OneLine(line)}");
        if (verbose)
            err.WriteLine(error.ToString());
        err.Flush();
        return code;
    }

    /// <summary>The exit code and message for a failure.</summary>
    public static (int Code, string Message) Describe(Exception error, string command)
    {
        error = Unwrap(error);
        return error switch
        {
            UsageException usage => (ExitCodes.Usage, $"{usage.Message}; see '{command} --help'"),
            CliException cli => (ExitCodes.Failure, cli.Message),
            KafkaRequestTimeoutException timeout =>
                (ExitCodes.Failure, $"{Sentence(timeout.Message)}; check that broker {timeout.Endpoint} is running and not overloaded"),
            KafkaConnectionException connection =>
                (ExitCodes.Failure, $"{Sentence(connection.Message)}; check --bootstrap and that the broker is running"),
            UnsupportedVersionException version =>
                (ExitCodes.Failure, $"{Sentence(version.Message)}; this broker cannot do what was asked"),
            SettingsException settings => (ExitCodes.Failure, $"{Sentence(settings.Message)}; check the --config file"),
            ConfigurationException hocon => (ExitCodes.Failure, $"the --config file is not valid HOCON: {Sentence(hocon.Message)}"),
            RebalanceFailedException rebalance =>
                (ExitCodes.Failure, $"{Sentence(rebalance.Message)}; check the broker's logs and the group's other members"),
            CommitFailedException commit =>
                (ExitCodes.Failure, $"{Sentence(commit.Message)}; records printed since the last commit will be read again by the group"),
            SluiceException sluice => (ExitCodes.Failure, Sentence(sluice.Message)),
            IOException or UnauthorizedAccessException => (ExitCodes.Failure, Sentence(error.Message)),
            _ => (ExitCodes.Failure, $"{error.GetType().Name}: {Sentence(error.Message)} (run with --verbose for details)"),
        };
    }

    private static Exception Unwrap(Exception error)
    {
        while (error is AggregateException { InnerExceptions.Count: 1 } aggregate)
            error = aggregate.InnerExceptions[0];
        return error;
    }

    private static string Sentence(string message) => message.TrimEnd().TrimEnd('.');

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
