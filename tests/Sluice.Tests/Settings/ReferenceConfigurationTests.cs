using System.Text.RegularExpressions;
using Sluice.Network;
using Sluice.Settings;
using Xunit;

namespace Sluice.Tests.Settings;

public sealed partial class ReferenceConfigurationTests
{
    [Fact]
    public void Every_key_in_the_reference_configuration_has_a_comment_with_its_default_unit_and_pykafka_parameter()
    {
        var undocumented = new List<string>();
        var comment = new List<string>();
        var blocks = new Stack<string>();
        foreach (var raw in ReferenceText().Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#'))
            {
                comment.Add(line);
                continue;
            }

            if (line.EndsWith('{'))
                blocks.Push(line.TrimEnd('{').Trim());
            else if (line == "}")
                blocks.Pop();
            else if (Setting().Match(line) is { Success: true } setting)
            {
                var key = string.Join('.', blocks.Reverse().Append(setting.Groups["key"].Value));
                var value = setting.Groups["value"].Value;
                var documented = comment.Any(c => c.StartsWith($"# Default {value} (", StringComparison.Ordinal))
                    && comment.Any(c => c.Contains("pykafka", StringComparison.Ordinal) || c.Contains("Sluice only", StringComparison.Ordinal));
                if (!documented)
                    undocumented.Add(key);
            }

            if (line.Length == 0 || !line.StartsWith('#'))
                comment.Clear();
        }

        Assert.Empty(undocumented);
    }

    [Fact]
    public void Every_setting_in_code_has_its_key_in_the_reference_configuration()
    {
        var reference = ConsumerSettings.Reference;

        var missing = Keys<ConsumerSettings>(nameof(ConsumerSettings.Connection)).Select(k => $"sluice.consumer.{k}")
            .Concat(Keys<ConnectionSettings>(nameof(ConnectionSettings.ClientId), nameof(ConnectionSettings.MaxVersions)).Select(k => $"sluice.consumer.connection.{k}"))
            .Concat(Keys<CommitterSettings>().Select(k => $"sluice.committer.{k}"))
            .Where(path => !reference.HasPath(path))
            .ToList();

        Assert.Empty(missing);
    }

    private static IEnumerable<string> Keys<T>(params string[] codeOnly) => typeof(T).GetProperties()
        .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0 && !codeOnly.Contains(p.Name))
        .Select(p => Kebab().Replace(p.Name, "-$1").ToLowerInvariant());

    private static string ReferenceText()
    {
        using var stream = typeof(ConsumerSettings).Assembly.GetManifestResourceStream("Sluice.reference.conf")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<key>[a-z-]+)\s*=\s*(?<value>.+)$")]
    private static partial Regex Setting();

    [GeneratedRegex(@"(?<!^)([A-Z])")]
    private static partial Regex Kebab();
}
