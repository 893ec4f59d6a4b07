using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Tests.Docs;

/// <summary>
/// The generated part of docs/configuration.md: one Markdown table per block of reference.conf, each between
/// <c>&lt;!-- generated:start &lt;block&gt; --&gt;</c> and <c>&lt;!-- generated:end &lt;block&gt; --&gt;</c>. The prose
/// around the tables is written by hand; the tables are rendered here from reference.conf and nowhere else.
/// </summary>
internal static partial class ConfigurationReference
{
    /// <summary>The repository path of the page.</summary>
    public const string RelativePath = "docs/configuration.md";

    /// <summary>The columns of every table.</summary>
    public static readonly string[] Columns = ["Key", "Default", "Accepts", "pykafka", "Meaning", "Property"];

    /// <summary>The marker that opens the generated table of <paramref name="block"/>.</summary>
    public static string StartMarker(string block) => $"<!-- generated:start {block} -->";

    /// <summary>The marker that closes the generated table of <paramref name="block"/>.</summary>
    public static string EndMarker(string block) => $"<!-- generated:end {block} -->";

    /// <summary>The table of one block, as it must stand between its markers (ending with a line break).</summary>
    public static string Render(ReferenceBlock block)
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", Columns).Append(" |\n");
        text.Append('|').AppendJoin("", Columns.Select(_ => "---|")).Append('\n');
        foreach (var key in block.Keys)
            text.Append(Row(key)).Append('\n');
        return text.ToString();
    }

    /// <summary>The table row of one key.</summary>
    public static string Row(ReferenceKey key) =>
        $"| `{key.Name}` | `{key.Value}` | {Cell(key.Accepts)} | {Cell(Pykafka(key.Origin))} | {Cell(key.Meaning)} | `{PropertyOf(key)}` |";

    /// <summary>The settings property a key sets: <c>Name</c> on ConsumerSettings or CommitterSettings, <c>Connection.Name</c> for the connection block.</summary>
    public static string PropertyOf(ReferenceKey key)
    {
        var property = string.Concat(key.Name.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..]));
        return key.Block.EndsWith(".connection", StringComparison.Ordinal) ? $"Connection.{property}" : property;
    }

    /// <summary>The generated tables found in a page: block path → the text between its markers.</summary>
    public static IReadOnlyDictionary<string, string> Regions(string page)
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match region in Region().Matches(page))
            regions[region.Groups["block"].Value] = region.Groups["body"].Value;
        return regions;
    }

    /// <summary>The key and default of every row of a generated table, as the page shows them.</summary>
    public static IReadOnlyList<(string Key, string Default)> Rows(string table)
    {
        var rows = new List<(string, string)>();
        foreach (var line in table.Split('\n'))
        {
            var cells = Cells(line);
            if (cells.Count < 2 || cells[0] == Columns[0] || cells[0].StartsWith("---", StringComparison.Ordinal))
                continue;
            rows.Add((cells[0].Trim('`'), cells[1].Trim('`')));
        }

        return rows;
    }

    // Parameter names are code: "pykafka: consumer_group" → `consumer_group`, "the KafkaClient's hosts" → the
    // KafkaClient's `hosts`, and every snake_case name; "none" and "Sluice only (…)" stay prose.
    private static string Pykafka(string origin)
    {
        var text = origin;
        if (origin.StartsWith("pykafka: ", StringComparison.Ordinal))
        {
            text = origin["pykafka: ".Length..];
            var first = FirstWord().Match(text);
            if (first.Success && first.Value is not ("none" or "the"))
                text = $"`{first.Value}`{text[first.Length..]}";
        }

        text = ClientParameter().Replace(text, match => $"`{match.Value}`");
        return SnakeCase().Replace(text, match => $"`{match.Value}`");
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    // Splits a table line on the pipes that are not escaped.
    private static List<string> Cells(string line)
    {
        var trimmed = line.Trim();
        if (!trimmed.StartsWith('|') || !trimmed.EndsWith('|'))
            return [];
        return CellSplit().Split(trimmed[1..^1]).Select(cell => cell.Trim()).ToList();
    }

    [GeneratedRegex(@"<!-- generated:start (?<block>\S+) -->\n(?<body>.*?)<!-- generated:end \k<block> -->", RegexOptions.Singleline)]
    private static partial Regex Region();

    [GeneratedRegex(@"^[a-z][a-z_]*\b")]
    private static partial Regex FirstWord();

    [GeneratedRegex(@"(?<=KafkaClient's )[a-z_]+\b")]
    private static partial Regex ClientParameter();

    [GeneratedRegex(@"(?<![`\w])[a-z]+(?:_[a-z]+)+(?![`\w])")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSplit();
}
