using Akka.Configuration;

namespace Sluice.Settings;

/// <summary>
/// A block of settings read through layers, most specific first (<c>sluice.consumers.orders</c>, then
/// <c>sluice.consumer</c> over the reference): a key's value comes from the first layer that has it, and every
/// error names the key's full path in that layer. Keys the block does not know are refused.
/// </summary>
internal sealed class HoconSection
{
    private readonly IReadOnlyList<(string Path, Config Config)> _layers;
    private readonly string _path;

    private HoconSection(string path, IReadOnlyList<(string Path, Config Config)> layers)
    {
        _path = path;
        _layers = layers;
    }

    /// <summary>The block at <paramref name="paths"/> in <paramref name="config"/>, most specific path first;
    /// paths the configuration lacks are skipped.</summary>
    public static HoconSection Open(Config config, params string[] paths)
    {
        var layers = new List<(string, Config)>();
        foreach (var path in paths)
        {
            var value = config.GetValue(path);
            if (value is null)
                continue;
            if (!value.IsObject())
                throw new SettingsException(path, "is not a block", "a block of settings in braces");
            layers.Add((path, config.GetConfig(path)));
        }

        return new HoconSection(paths[^1], layers);
    }

    /// <summary>The nested block <paramref name="key"/> of this one, through the same layers.</summary>
    public HoconSection Block(string key)
    {
        var layers = new List<(string, Config)>();
        foreach (var (path, config) in _layers)
        {
            var value = config.GetValue(key);
            if (value is null)
                continue;
            if (!value.IsObject())
                throw new SettingsException($"{path}.{key}", "is not a block", "a block of settings in braces");
            layers.Add(($"{path}.{key}", config.GetConfig(key)));
        }

        return new HoconSection($"{_path}.{key}", layers);
    }

    /// <summary>
    /// Applies every key of <paramref name="keys"/> to <paramref name="settings"/>, after refusing any key that is
    /// neither in <paramref name="keys"/> nor one of the nested <paramref name="blocks"/> (name and keys).
    /// </summary>
    public T Read<T>(T settings, IReadOnlyList<HoconKey<T>> keys, params (string Name, IReadOnlyList<string> Keys)[] blocks)
    {
        RejectUnknown(keys.Select(k => k.Name).ToArray(), blocks);
        var values = _layers.Count == 0
            ? Config.Empty
            : _layers.Skip(1).Aggregate(_layers[0].Config, (merged, layer) => merged.WithFallback(layer.Config));
        foreach (var key in keys)
        {
            var path = PathOf(key.Name);
            if (!values.HasPath(key.Name))
                throw new SettingsException(path, "is missing", key.Accepted);
            try
            {
                settings = key.Apply(values, key.Name, settings);
            }
            catch (Exception e) when (e is not SettingsException)
            {
                throw new SettingsException(path, $"is invalid ({Reason(e)})", key.Accepted, e);
            }
        }

        return settings;
    }

    /// <summary>The first line of the failure's message, without the "(Parameter '…')" an argument check appends.</summary>
    private static string Reason(Exception e)
    {
        var reason = e.Message.Split(Environment.NewLine)[0];
        return e is ArgumentException { ParamName: { } name } ? reason.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : reason;
    }

    private string PathOf(string key)
    {
        foreach (var (path, config) in _layers)
        {
            if (config.HasPath(key))
                return $"{path}.{key}";
        }

        return $"{_path}.{key}";
    }

    private void RejectUnknown(IReadOnlyList<string> keys, IReadOnlyList<(string Name, IReadOnlyList<string> Keys)> blocks)
    {
        var known = keys.Concat(blocks.Select(b => b.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, config) in _layers)
        {
            foreach (var (key, _) in config.AsEnumerable())
            {
                if (known.Contains(key))
                    continue;

                var candidates = keys.Concat(blocks.SelectMany(b => b.Keys.Select(k => $"{b.Name}.{k}")));
                var accepted = string.Join(", ", keys.Concat(blocks.Select(b => $"{b.Name} {{ {string.Join(", ", b.Keys)} }}")));
                throw SettingsException.UnknownKey($"{path}.{key}", Closest(key, candidates) is { } near ? $"{path}.{near}" : null, path, accepted);
            }
        }
    }

    /// <summary>The candidate nearest to <paramref name="key"/> by edit distance (whole name or its last
    /// segment), when it is near enough to be a likely typo.</summary>
    internal static string? Closest(string key, IEnumerable<string> candidates)
    {
        var tolerance = Math.Clamp(key.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Math.Min(Distance(key, candidate), Distance(key, candidate[(candidate.LastIndexOf('.') + 1)..]));
            if (distance < bestDistance)
                (best, bestDistance) = (candidate, distance);
        }

        return bestDistance <= tolerance ? best : null;
    }

    /// <summary>Levenshtein distance, ignoring case.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
