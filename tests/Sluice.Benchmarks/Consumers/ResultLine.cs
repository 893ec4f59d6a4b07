using System.Globalization;

namespace Sluice.Benchmarks.Consumers;

/// <summary>
/// The one line every consumer child prints when it is done:
/// <c>RESULT msgs=M bytes=B first_ms=T1 last_ms=T2</c> (value bytes; epoch milliseconds of the first and last
/// record), optionally followed by more <c>key=value</c> fields.
/// </summary>
internal sealed record ResultLine(long Messages, long Bytes, double FirstMs, double LastMs, IReadOnlyDictionary<string, string> Extra)
{
    public const string Prefix = "RESULT ";

    public static void Print(long messages, long bytes, double firstMs, double lastMs, string extra = "")
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{Prefix}msgs={messages} bytes={bytes} first_ms={Clock.Format(firstMs)} last_ms={Clock.Format(lastMs)}");
        Console.Out.WriteLine(extra.Length == 0 ? line : line + " " + extra);
        Console.Out.Flush();
    }

    public static ResultLine? TryParse(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var fields = KeyValues(line[Prefix.Length..]);
        if (!fields.TryGetValue("msgs", out var msgs) || !fields.TryGetValue("bytes", out var bytes)
            || !fields.TryGetValue("first_ms", out var first) || !fields.TryGetValue("last_ms", out var last))
            return null;
        return new ResultLine(
            long.Parse(msgs, CultureInfo.InvariantCulture),
            long.Parse(bytes, CultureInfo.InvariantCulture),
            double.Parse(first, CultureInfo.InvariantCulture),
            double.Parse(last, CultureInfo.InvariantCulture),
            fields);
    }

    /// <summary>Splits <c>a=1 b=2</c> into its fields.</summary>
    public static Dictionary<string, string> KeyValues(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
                fields[word[..eq]] = word[(eq + 1)..];
        }

        return fields;
    }
}
