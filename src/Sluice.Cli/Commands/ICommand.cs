using Sluice.Cli.Arguments;

namespace Sluice.Cli.Commands;

/// <summary>One <c>sluice</c> command.</summary>
internal interface ICommand
{
    /// <summary>The word that selects it.</summary>
    string Name { get; }

    /// <summary>One line for the list of commands.</summary>
    string Summary { get; }

    /// <summary>The options it takes, besides <c>--verbose</c> and <c>--help</c>.</summary>
    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>The full text <c>sluice &lt;command&gt; --help</c> prints.</summary>
    string Usage { get; }

    /// <summary>Runs the command and returns its exit code. Failures may be thrown; the caller reports them.</summary>
    Task<int> RunAsync(ParsedArguments args, CliConsole console, CancellationToken cancellationToken);
}
