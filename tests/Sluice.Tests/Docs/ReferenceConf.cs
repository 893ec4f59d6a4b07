using System.Text.RegularExpressions;

namespace Sluice.Tests.Docs;

/// <summary>
/// hocon/reference.conf read the way its comments are written: every key is preceded by what it means and a line
/// <c># Default &lt;value&gt; (&lt;unit and accepted values&gt;). &lt;pykafka parameter, or "Sluice only"&gt;</c>.
/// This is the source the configuration reference (docs/configuration.md) is generated from.
/// </summary>
internal static partial class ReferenceConf
{
    /// <summary>The repository path of the file.</summary>
    public const string RelativePath = "hocon/reference.conf";

    /// <summary>The blocks of the repository's reference.conf, in file order, each with its keys in file order.</summary>
    public static IReadOnlyList<ReferenceBlock> Load() => Parse(RepositoryFiles.Read(RelativePath));

    /// <summary>The blocks of a reference.conf text; a key without its documented default line is an error.</summary>
    /// <exception cref="InvalidDataException">A key's comment does not follow the format, or its default differs from its value.</exception>
    public static IReadOnlyList<ReferenceBlock> Parse(string text)
    {
        var blocks = new List<(string Path, List<ReferenceKey> Keys)>();
        var open = new Stack<string>();
        var comment = new List<string>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                comment.Add(line.TrimStart('#').Trim());
                continue;
            }

            if (line.Length == 0)
            {
                comment.Clear();
                continue;
            }

            if (line.EndsWith('{'))
            {
                open.Push(line.TrimEnd('{').Trim());
                blocks.Add((string.Join('.', open.Reverse()), []));
            }
            else if (line == "}")
            {
                open.Pop();
            }
            else if (Setting().Match(line) is { Success: true } setting)
            {
                var path = string.Join('.', open.Reverse());
                var block = blocks.FindLast(b => b.Path == path);
                if (block.Keys is null)
                    throw new InvalidDataException($"{RelativePath} line {number}: key '{setting.Groups["key"].Value}' outside any block.");
                block.Keys.Add(Key(path, setting.Groups["key"].Value, setting.Groups["value"].Value.Trim(), comment, number));
            }
            else
            {
                throw new InvalidDataException($"{RelativePath} line {number}: '{line}' is neither a comment, a block nor a 'key = value' setting.");
            }

            comment.Clear();
        }

        return blocks.Where(b => b.Keys.Count > 0).Select(b => new ReferenceBlock(b.Path, b.Keys)).ToList();
    }

    private static ReferenceKey Key(string block, string name, string value, IReadOnlyList<string> comment, int line)
    {
        var where = $"{RelativePath} line {line} ({block}.{name})";
        if (comment.Count < 2 || DefaultLine().Match(comment[^1]) is not { Success: true } documented)
            throw new InvalidDataException($"{where}: the key's comment must say what it means, then end with '# Default {value} (<unit>). <pykafka parameter or Sluice only>'.");
        if (documented.Groups["default"].Value != value)
            throw new InvalidDataException($"{where}: the comment says 'Default {documented.Groups["default"].Value}' but the value is {value}.");
        return new ReferenceKey(
            block,
            name,
            value,
            string.Join(' ', comment.Take(comment.Count - 1)),
            documented.Groups["accepts"].Value,
            documented.Groups["origin"].Value);
    }

    [GeneratedRegex(@"^(?<key>[a-z][a-z0-9-]*)\s*=\s*(?<value>.+)$")]
    private static partial Regex Setting();

    [GeneratedRegex(@"^Default (?<default>.+?) \((?<accepts>.+?)\)\. (?<origin>.+)$")]
    private static partial Regex DefaultLine();
}

/// <summary>A block of reference.conf that holds settings, such as <c>sluice.consumer.connection</c>.</summary>
internal sealed record ReferenceBlock(string Path, IReadOnlyList<ReferenceKey> Keys);

/// <summary>One documented key of reference.conf.</summary>
/// <param name="Block">The path of its block, such as <c>sluice.consumer</c>.</param>
/// <param name="Name">The key within its block, such as <c>group-id</c>.</param>
/// <param name="Value">The default exactly as written in HOCON, such as <c>"sluice"</c> or <c>30s</c>.</param>
/// <param name="Meaning">What the comment says the key does.</param>
/// <param name="Accepts">The unit and accepted values, from the parentheses of the Default line.</param>
/// <param name="Origin">The pykafka parameter it corresponds to ("pykafka: …"), or "Sluice only …".</param>
internal sealed record ReferenceKey(string Block, string Name, string Value, string Meaning, string Accepts, string Origin)
{
    /// <summary>The key's full HOCON path.</summary>
    public string Path => $"{Block}.{Name}";
}
