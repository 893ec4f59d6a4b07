using System.Globalization;

namespace Sluice.Cli.Arguments;

/// <summary>The options and positional words of one command line, with typed, checked accessors.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, List<string>> _values;

    public ParsedArguments(Dictionary<string, List<string>> values, IReadOnlyList<string> positionals)
    {
        _values = values;
        Positionals = positionals;
    }

    /// <summary>Words that are not options, in order.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Whether the option was given.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The option's value, or null when it was not given.</summary>
    public string? Get(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    /// <summary>The option's value; a usage error when it was not given.</summary>
    public string Require(string name, string why = "") =>
        Get(name) ?? throw new UsageException($"--{name} is required{why}.");

    /// <summary>Every value of a repeatable option, in order.</summary>
    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var values) ? values : [];

    /// <summary>The option as a whole number within a range, or null when not given.</summary>
    public long? GetLong(string name, long min, long max = long.MaxValue)
    {
        var text = Get(name);
        if (text is null)
            return null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new UsageException($"--{name} takes a whole number; '{text}' is not one.");
        if (value < min || value > max)
            throw new UsageException(max == long.MaxValue
                ? $"--{name} must be {min} or more; got {value}."
                : $"--{name} must be from {min} to {max}; got {value}.");
        return value;
    }

    /// <summary>The option as a whole number within a range, or null when not given.</summary>
    public int? GetInt(string name, int min, int max = int.MaxValue) => (int?)GetLong(name, min, max);

    /// <summary>The option as one of a fixed set of words (case-insensitive), or null when not given.</summary>
    public T? GetChoice<T>(string name, params (string Word, T Value)[] choices)
        where T : struct
    {
        var text = Get(name);
        if (text is null)
            return null;
        foreach (var (word, value) in choices)
        {
            if (string.Equals(word, text, StringComparison.OrdinalIgnoreCase))
                return value;
        }

        throw new UsageException($"--{name} takes {Alternatives(choices.Select(c => c.Word))}; '{text}' is not one of them.");
    }

    private static string Alternatives(IEnumerable<string> words)
    {
        var list = words.ToList();
        return list.Count == 1 ? list[0] : $"{string.Join(", ", list.Take(list.Count - 1))} or {list[^1]}";
    }
}
