namespace Sluice.Benchmarks.Harness;

/// <summary>
/// Replaces one marked block of <c>docs/benchmarks.md</c>:
/// <c>&lt;!-- {section}:{key}:start --&gt;</c> … <c>&lt;!-- {section}:{key}:end --&gt;</c>, inside the section's own
/// <c>&lt;!-- {section}:start --&gt;</c> / <c>:end</c> markers. A block not there yet is added at the end of its section,
/// and a section not there yet at the end of the file. Everything outside the markers is left as it is.
/// </summary>
internal static class DocsWriter
{
    public static string Write(string? path, string section, string key, string content)
    {
        path ??= Path.Combine(RepositoryRoot(), "docs", "benchmarks.md");
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var sectionStart = $"<!-- {section}:start -->";
        var sectionEnd = $"<!-- {section}:end -->";
        var blockStart = $"<!-- {section}:{key}:start -->";
        var blockEnd = $"<!-- {section}:{key}:end -->";
        var block = $"{blockStart}\n{content.TrimEnd()}\n{blockEnd}";

        var from = text.IndexOf(blockStart, StringComparison.Ordinal);
        if (from >= 0)
        {
            var to = text.IndexOf(blockEnd, from, StringComparison.Ordinal);
            if (to < 0)
                throw new InvalidOperationException($"{path}: {blockStart} has no {blockEnd}");
            text = text[..from] + block + text[(to + blockEnd.Length)..];
        }
        else
        {
            if (!text.Contains(sectionEnd, StringComparison.Ordinal))
                text = text.TrimEnd() + $"\n\n{sectionStart}\n{sectionEnd}\n";
            var at = text.IndexOf(sectionEnd, StringComparison.Ordinal);
            text = text[..at] + block + "\n\n" + text[at..];
        }

        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The folder holding Sluice.slnx, from the working directory or the program's own folder upwards.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx")))
                    return dir.FullName;
            }
        }

        throw new InvalidOperationException("Sluice.slnx not found above the working directory; pass --docs PATH");
    }
}
