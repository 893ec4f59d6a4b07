using System.Globalization;

namespace Sluice.Benchmarks.Cli;

/// <summary>
/// The harness's own argument syntax: <c>--name value</c> pairs and bare <c>--flag</c>s after a command word.
/// Unknown or unused options are an error, so a typo never silently runs the wrong benchmark.
/// </summary>
internal sealed class CommandArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CommandArgs(string command) => Command = command;

    public string Command { get; }

    public static CommandArgs Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
            throw new UsageException("no command given");
        var line = new CommandArgs(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new UsageException($"unexpected argument '{arg}'");
            var name = arg[2..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            if (!line._options.TryAdd(name, value))
                throw new UsageException($"--{name} given twice");
        }

        return line;
    }

    public bool Flag(string name)
    {
        if (!_options.TryGetValue(name, out var value))
            return false;
        _used.Add(name);
        return value switch
        {
            null or "true" or "on" or "yes" => true,
            "false" or "off" or "no" => false,
            _ => throw new UsageException($"--{name} is a flag; '{value}' is not on/off"),
        };
    }

    public string? String(string name)
    {
        if (!_options.TryGetValue(name, out var value))
            return null;
        _used.Add(name);
        return value ?? throw new UsageException($"--{name} needs a value");
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public string Required(string name) => String(name) ?? throw new UsageException($"--{name} is required");

    public long Long(string name, long fallback) => String(name) is { } text ? ParseCount(name, text) : fallback;

    public int Int(string name, int fallback) => checked((int)Long(name, fallback));

    public double Double(string name, double fallback) =>
        String(name) is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"--{name}: '{text}' is not a number")
            : fallback;

    public IReadOnlyList<string> List(string name, IReadOnlyList<string> fallback) =>
        String(name) is { } text ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : fallback;

    public IReadOnlyList<long> Counts(string name, IReadOnlyList<long> fallback) =>
        String(name) is { } text ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => ParseCount(name, t)).ToArray() : fallback;

    /// <summary>Fails on options nobody asked for; call once every option was read.</summary>
    public void RejectUnused()
    {
        var unused = _options.Keys.Where(k => !_used.Contains(k)).Select(k => "--" + k).ToList();
        if (unused.Count > 0)
            throw new UsageException($"'{Command}' does not take {string.Join(", ", unused)}");
    }

    /// <summary>Reads 1000000, 1_000_000, 1,000,000, 500k, 1M, 1KiB / 1k style counts and sizes.</summary>
    private static long ParseCount(string name, string text)
    {
        var t = text.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim();
        long multiplier = 1;
        foreach (var (suffix, factor) in new[] { ("KiB", 1024L), ("MiB", 1024L * 1024), ("k", 1000L), ("K", 1000L), ("M", 1_000_000L) })
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                multiplier = factor;
                t = t[..^suffix.Length];
                break;
            }
        }

        return long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? checked(value * multiplier)
            : throw new UsageException($"--{name}: '{text}' is not a count");
    }
}

/// <summary>A command line the harness cannot run; the message says why.</summary>
internal sealed class UsageException(string message) : Exception(message);
