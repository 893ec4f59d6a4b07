using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Sluice.Settings;
using Xunit;

namespace Sluice.Tests.Docs;

/// <summary>
/// docs/configuration.md against hocon/reference.conf, the source of truth: every key with its default, no key
/// reference.conf lacks, and tables that are exactly what reference.conf renders to. A failure names each key that
/// differs and prints the tables to paste between the page's markers.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    private static readonly IReadOnlyList<ReferenceBlock> Blocks = ReferenceConf.Load();

    private static readonly Dictionary<string, Type> SettingsTypes = new(StringComparer.Ordinal)
    {
        ["sluice.consumer"] = typeof(ConsumerSettings),
        ["sluice.consumer.connection"] = typeof(ConsumerSettings),
        ["sluice.committer"] = typeof(CommitterSettings),
    };

    private static string Page => RepositoryFiles.Read(ConfigurationReference.RelativePath);

    [Fact]
    public void Every_key_of_reference_conf_is_in_the_configuration_reference_with_the_same_default()
    {
        var regions = ConfigurationReference.Regions(Page);
        var problems = new List<string>();
        var stale = new List<ReferenceBlock>();
        foreach (var block in Blocks)
        {
            if (!regions.TryGetValue(block.Path, out var table))
            {
                problems.Add($"{block.Path}: the page has no generated table for this block of reference.conf " +
                             $"(no '{ConfigurationReference.StartMarker(block.Path)}' … '{ConfigurationReference.EndMarker(block.Path)}' pair).");
                stale.Add(block);
                continue;
            }

            var rows = ConfigurationReference.Rows(table).GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.First().Default);
            var before = problems.Count;
            foreach (var key in block.Keys)
            {
                if (!rows.TryGetValue(key.Name, out var shown))
                    problems.Add($"{key.Path}: reference.conf has it (default `{key.Value}`); the page's {block.Path} table does not.");
                else if (shown != key.Value)
                    problems.Add($"{key.Path}: reference.conf's default is `{key.Value}`; the page says `{shown}`.");
            }

            if (problems.Count > before)
                stale.Add(block);
        }

        Assert.True(problems.Count == 0, Failure(problems, stale));
    }

    [Fact]
    public void The_configuration_reference_names_no_key_that_reference_conf_lacks()
    {
        var page = Page;
        var blocks = Blocks.ToDictionary(b => b.Path, StringComparer.Ordinal);
        var keys = Blocks.SelectMany(b => b.Keys).Select(k => k.Path).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var stale = new List<ReferenceBlock>();
        foreach (var (path, table) in ConfigurationReference.Regions(page))
        {
            if (!blocks.TryGetValue(path, out var block))
            {
                problems.Add($"{path}: the page has a generated table for this block, which reference.conf lacks; delete the table and its markers.");
                continue;
            }

            var extra = ConfigurationReference.Rows(table).Where(r => !keys.Contains($"{path}.{r.Key}")).ToList();
            foreach (var (key, shown) in extra)
                problems.Add($"{path}.{key}: the page lists it (default `{shown}`); reference.conf has no such key.");
            if (extra.Count > 0)
                stale.Add(block);
        }

        // Keys named in the prose and in code blocks count too (sluice.consumers.<name>.<key> stands for
        // sluice.consumer.<key>), except in ```text blocks, which quote output such as the did-you-mean error.
        var known = keys.Concat(Blocks.Select(b => b.Path)).Append("sluice.consumer").Append(ConsumerSettings.ConsumersPath).ToHashSet(StringComparer.Ordinal);
        foreach (var mention in HoconPath().Matches(QuotedOutput().Replace(page, "")).Select(m => m.Value).Distinct())
        {
            var named = NamedConsumerKey().Match(mention);
            var path = named.Success ? $"sluice.consumer.{named.Groups["key"].Value}" : mention;
            if (!known.Contains(path) && !NamedConsumerBlock().IsMatch(mention))
                problems.Add($"{mention}: the page mentions it, but it is neither a key nor a block of reference.conf.");
        }

        Assert.True(problems.Count == 0, Failure(problems, stale));
    }

    [Fact]
    public void Each_generated_table_of_the_configuration_reference_is_what_reference_conf_renders_to()
    {
        var regions = ConfigurationReference.Regions(Page);
        var problems = new List<string>();
        var stale = new List<ReferenceBlock>();
        foreach (var block in Blocks)
        {
            var expected = ConfigurationReference.Render(block);
            if (!regions.TryGetValue(block.Path, out var actual))
            {
                problems.Add($"{block.Path}: the page has no generated table for this block.");
                stale.Add(block);
                continue;
            }

            if (actual == expected)
                continue;
            stale.Add(block);
            var shownRows = actual.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
                .GroupBy(l => l.Split('`')[1]).ToDictionary(g => g.Key, g => g.First());
            var rowProblems = 0;
            foreach (var key in block.Keys)
            {
                var row = ConfigurationReference.Row(key);
                if (shownRows.TryGetValue(key.Name, out var shown) && shown != row)
                {
                    problems.Add($"{key.Path}: the page's row\n    {shown}\n  differs from what reference.conf renders:\n    {row}");
                    rowProblems++;
                }
                else if (!shownRows.ContainsKey(key.Name))
                {
                    problems.Add($"{key.Path}: no row in the page's {block.Path} table.");
                    rowProblems++;
                }
            }

            if (rowProblems == 0)
                problems.Add($"{block.Path}: the table's header, order or extra lines differ from what reference.conf renders.");
        }

        Assert.True(problems.Count == 0, Failure(problems, stale));
    }

    [Fact]
    public void The_generator_reads_every_key_and_default_the_hocon_parser_reads()
    {
        var config = ConfigurationFactory.ParseString(RepositoryFiles.Read(ReferenceConf.RelativePath));
        var parsed = Blocks.SelectMany(b => b.Keys).ToDictionary(k => k.Path, StringComparer.Ordinal);

        Assert.Equal(Leaves(config, "").Order(StringComparer.Ordinal), parsed.Keys.Order(StringComparer.Ordinal));
        foreach (var key in parsed.Values)
        {
            var literal = ConfigurationFactory.ParseString($"value = {key.Value}").GetValue("value").ToString();
            Assert.True(literal == config.GetValue(key.Path).ToString(), $"{key.Path}: the generator read `{key.Value}`, HOCON reads `{config.GetValue(key.Path)}`.");
        }
    }

    [Fact]
    public void Every_settings_property_the_configuration_reference_names_exists()
    {
        var missing = new List<string>();
        foreach (var key in Blocks.SelectMany(b => b.Keys))
        {
            Assert.True(SettingsTypes.TryGetValue(key.Block, out var type), $"{key.Block}: a block this test does not know; add its settings type to {nameof(SettingsTypes)}.");
            foreach (var segment in ConfigurationReference.PropertyOf(key).Split('.'))
                type = type?.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance)?.PropertyType;
            if (type is null)
                missing.Add($"{key.Path} → {SettingsTypes[key.Block].Name}.{ConfigurationReference.PropertyOf(key)}");
        }

        Assert.True(missing.Count == 0, "The configuration reference names properties that do not exist:\n" + string.Join('\n', missing));
    }

    private static IEnumerable<string> Leaves(Config config, string prefix)
    {
        var level = prefix.Length == 0 ? config : config.GetConfig(prefix);
        foreach (var (name, value) in level.AsEnumerable())
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (value.IsObject())
            {
                foreach (var leaf in Leaves(config, path))
                    yield return leaf;
            }
            else
            {
                yield return path;
            }
        }
    }

    private static string Failure(IReadOnlyList<string> problems, IReadOnlyList<ReferenceBlock> stale)
    {
        var text = new StringBuilder();
        text.Append(ConfigurationReference.RelativePath).Append(" disagrees with ").Append(ReferenceConf.RelativePath).Append(":\n");
        foreach (var problem in problems)
            text.Append("  - ").Append(problem).Append('\n');
        text.Append('\n').Append(ReferenceConf.RelativePath).Append(" is the source of truth. ");
        if (stale.Count == 0)
        {
            text.Append("Correct or remove each mention above in ").Append(ConfigurationReference.RelativePath)
                .Append(" (```text blocks, which quote output, are not checked).\n");
            return text.ToString();
        }

        text.Append("If it is right, replace each table below in ").Append(ConfigurationReference.RelativePath)
            .Append(", markers included, with this text; if it is wrong, fix the key there ")
            .Append("(value and its '# Default …' comment line) and run the test again.\n");
        foreach (var block in stale.Distinct())
        {
            text.Append('\n').Append(ConfigurationReference.StartMarker(block.Path)).Append('\n')
                .Append(ConfigurationReference.Render(block))
                .Append(ConfigurationReference.EndMarker(block.Path)).Append('\n');
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\bsluice\.[a-z0-9<>_.-]*[a-z0-9>]")]
    private static partial Regex HoconPath();

    [GeneratedRegex(@"^```text\n.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex QuotedOutput();

    [GeneratedRegex(@"^sluice\.consumers\.[^.]+\.(?<key>.+)$")]
    private static partial Regex NamedConsumerKey();

    [GeneratedRegex(@"^sluice\.consumers(\.[^.]+)?$")]
    private static partial Regex NamedConsumerBlock();
}
