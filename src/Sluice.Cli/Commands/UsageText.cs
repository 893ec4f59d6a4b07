using System.Text;
using Sluice.Cli.Arguments;

namespace Sluice.Cli.Commands;

/// <summary>Lays out a command's usage: synopsis, description, and its options in two columns.</summary>
internal static class UsageText
{
    /// <summary>The options every command takes.</summary>
    public static IReadOnlyList<OptionSpec> CommonOptions { get; } =
    [
        OptionSpec.Flag("verbose", "Print stack traces with errors, and client logs on stderr"),
        OptionSpec.Flag("help", "Print this text"),
    ];

    /// <summary>Formats the usage text.</summary>
    public static string Format(IEnumerable<string> synopsis, string description, IReadOnlyList<OptionSpec> options)
    {
        var text = new StringBuilder();
        var first = true;
        foreach (var line in synopsis)
        {
            text.Append(first ? "Usage: " : "       ").AppendLine(line);
            first = false;
        }

        text.AppendLine();
        foreach (var line in description.Split('\n'))
            text.AppendLine(line.TrimEnd());
        text.AppendLine();
        text.AppendLine("Options:");
        var all = options.Concat(CommonOptions).ToList();
        var width = all.Max(o => o.Synopsis.Length) + 2;
        foreach (var option in all)
            text.Append("  ").Append(option.Synopsis.PadRight(width)).AppendLine(option.Help);
        return text.ToString();
    }
}
