using System.Text.RegularExpressions;
using Xunit;

namespace Sluice.Tests.Docs;

/// <summary>The documentation's links lead somewhere, and its index lists every page.</summary>
public sealed partial class DocLinkTests
{
    /// <summary>README.md and every page of docs/, as repository paths.</summary>
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md").Order(StringComparer.Ordinal))
            pages.Add($"docs/{Path.GetFileName(file)}");
        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_leads_to_an_existing_file_and_heading(string page)
    {
        var broken = new List<string>();
        var directory = Path.GetDirectoryName(RepositoryFiles.PathOf(page))!;
        foreach (var target in Links(RepositoryFiles.Read(page)))
        {
            if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "mailto")
                continue;
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var path = file.Length == 0 ? RepositoryFiles.PathOf(page) : Path.GetFullPath(Path.Combine(directory, file));
            if (!File.Exists(path) && !Directory.Exists(path))
                broken.Add($"{target}: no file or directory {Path.GetRelativePath(RepositoryFiles.Root, path)}");
            else if (anchor is not null && path.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(path)).Contains(anchor))
                broken.Add($"{target}: {Path.GetRelativePath(RepositoryFiles.Root, path)} has no heading whose anchor is #{anchor}");
        }

        Assert.True(broken.Count == 0, $"{page} has broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void The_docs_index_links_every_page_of_docs()
    {
        var linked = Links(RepositoryFiles.Read("docs/README.md")).Select(l => l.Split('#')[0]).ToHashSet(StringComparer.Ordinal);
        var unlisted = Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*.md")
            .Select(Path.GetFileName)
            .Where(name => name != "README.md" && !linked.Contains(name!))
            .ToList();

        Assert.True(unlisted.Count == 0, "docs/README.md does not link: " + string.Join(", ", unlisted));
    }

    /// <summary>The targets of the Markdown links of a page, outside code.</summary>
    internal static IEnumerable<string> Links(string markdown)
    {
        var prose = InlineCode().Replace(FencedCode().Replace(markdown, ""), "");
        return Link().Matches(prose).Select(m => m.Groups["target"].Value);
    }

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens,
    /// repeats numbered.</summary>
    internal static IReadOnlySet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(FencedCode().Replace(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), "")))
        {
            var text = Link().Replace(heading.Groups["text"].Value.Trim(), "${text}");
            var slug = NotSlug().Replace(text.ToLowerInvariant(), "").Replace(' ', '-');
            var count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }

        return anchors;
    }

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\[(?<text>[^\]\n]*)\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{M}\p{N}\p{Pc} -]")]
    private static partial Regex NotSlug();
}
