using System.Text.RegularExpressions;
using Sluice.Cluster;

namespace Sluice.Group;

/// <summary>
/// The topics a <c>topic-pattern</c> subscription takes: every topic whose whole name matches, as Kafka's
/// <c>subscribe(Pattern)</c> has it, leaving out the internal ones (the group and transaction state), which Kafka's
/// consumers never read by pattern.
/// </summary>
internal sealed class TopicMatcher
{
    // Kafka 0.9's Metadata v0 has no internal flag: its one internal topic is known by name.
    private const string OffsetsTopic = "__consumer_offsets";

    private readonly Regex _regex;

    /// <exception cref="ArgumentException"><paramref name="pattern"/> is not a valid .NET regular expression.</exception>
    public TopicMatcher(string pattern)
    {
        _regex = new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The matching topics of <paramref name="metadata"/>, in name order.</summary>
    public IReadOnlyList<string> Match(MetadataSnapshot metadata) => metadata.Topics.Values
        .Where(t => !t.IsInternal && t.Name != OffsetsTopic && _regex.IsMatch(t.Name))
        .Select(t => t.Name)
        .Order(StringComparer.Ordinal)
        .ToList();
}
