using System.Globalization;
using System.Text;
using Sluice.Fetch;
using Sluice.Protocol.Records;

namespace Sluice.Hosting;

/// <summary>
/// Writes the values an options object has set as HOCON, one <c>key = value</c> per line: strings always quoted and
/// escaped, durations in milliseconds, lists as arrays, switches as on/off. Unset (null) values are left out.
/// </summary>
internal sealed class HoconWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Open(string path) => Line($"{path} {{", +1);

    public void Close() => Line("}", -1);

    public void Add(string key, string? value)
    {
        if (value is not null)
            Line($"{key} = {Quote(value)}");
    }

    public void Add(string key, IEnumerable<string>? values)
    {
        if (values is not null)
            Line($"{key} = [{string.Join(", ", values.Select(Quote))}]");
    }

    public void Add(string key, int? value)
    {
        if (value is { } v)
            Line($"{key} = {v.ToString(CultureInfo.InvariantCulture)}");
    }

    public void Add(string key, long? value)
    {
        if (value is { } v)
            Line($"{key} = {v.ToString(CultureInfo.InvariantCulture)}");
    }

    public void Add(string key, bool? value)
    {
        if (value is { } v)
            Line($"{key} = {(v ? "on" : "off")}");
    }

    /// <summary>A duration in milliseconds (fractions kept, never in exponent form); <see cref="Timeout.InfiniteTimeSpan"/>
    /// is written as <c>infinite</c> when <paramref name="infiniteAllowed"/>.</summary>
    public void Add(string key, TimeSpan? value, bool infiniteAllowed = false)
    {
        if (value is not { } v)
            return;

        Line(infiniteAllowed && v == Timeout.InfiniteTimeSpan
            ? $"{key} = infinite"
            : $"{key} = {((decimal)v.Ticks / TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture)}ms");
    }

    public void Add(string key, OffsetReset? value) => Add(key, value switch
    {
        null => null,
        OffsetReset.Earliest => "earliest",
        OffsetReset.Latest => "latest",
        { } other => other.ToString(),
    });

    public void Add(string key, IsolationLevel? value) => Add(key, value switch
    {
        null => null,
        IsolationLevel.ReadUncommitted => "read_uncommitted",
        IsolationLevel.ReadCommitted => "read_committed",
        { } other => other.ToString(),
    });

    public override string ToString() => _text.ToString();

    /// <summary>A HOCON quoted string: JSON escaping, so nothing in it is read as syntax or a substitution.</summary>
    public static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                '\b' => quoted.Append("\\b"),
                '\f' => quoted.Append("\\f"),
                < ' ' => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    private void Line(string text, int depthChange = 0)
    {
        if (depthChange < 0)
            _depth += depthChange;
        _text.Append(' ', 2 * _depth).Append(text).Append('\n');
        if (depthChange > 0)
            _depth += depthChange;
    }
}
