using System.Globalization;
using Sluice.Benchmarks.Consumers;

namespace Sluice.Benchmarks.Harness;

/// <summary>One run of one tool: what it consumed, when, and what it cost.</summary>
internal sealed record ToolRun(
    Tool Tool,
    int Round,
    bool Warmup,
    long Messages,
    long Bytes,
    double LaunchMs,
    double FirstMs,
    double LastMs,
    double ExitMs,
    ResourceUse? Resources,
    double BrokerCpuS,
    double MachineCpuS,
    int ExitCode,
    string? Error,
    IReadOnlyDictionary<string, string>? Runtime = null)
{
    /// <summary>A runtime figure the .NET child reported (see <c>RuntimeStats</c>), or NaN.</summary>
    public double RuntimeValue(string key) =>
        Runtime is not null && Runtime.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    /// <summary>A run counts only with exit code 0, exactly N records and known resources.</summary>
    /// <remarks>A run of one record (to measure the fixed cost) has no rate, but counts.</remarks>
    public bool Counted(long n) => Error is null && ExitCode == 0 && Messages == n && Resources is not null && FirstMs > 0 && (LastMs > FirstMs || n == 1);

    public double MsgsPerSecond => LastMs > FirstMs && Messages > 1 ? Messages / ((LastMs - FirstMs) / 1000.0) : double.NaN;

    public double MibPerSecond => LastMs > FirstMs && Messages > 1 ? Bytes / ((LastMs - FirstMs) / 1000.0) / (1 << 20) : double.NaN;

    public double CpuMicrosPerRecord => Resources is null || Messages == 0 ? double.NaN : Resources.CpuS * 1e6 / Messages;

    public double RssMib => Resources is null ? double.NaN : Resources.MaxRssKiB / 1024.0;

    public double FirstRecordS => (FirstMs - LaunchMs) / 1000.0;

    public double WallS => (ExitMs - LaunchMs) / 1000.0;

    /// <summary>CPU the rest of the machine used during the run: everything but this consumer and the broker (other work disturbing the measurement).</summary>
    public double OtherCpuS => Resources is null ? double.NaN : Math.Max(0, MachineCpuS - Resources.CpuS - BrokerCpuS);

    public string Summary(long n) => Counted(n)
        ? string.Create(CultureInfo.InvariantCulture, $"{Messages:N0} msgs, {MsgsPerSecond:N0} msgs/s, {MibPerSecond:0.0} MiB/s, cpu {CpuMicrosPerRecord:0.00} µs/rec, rss {RssMib:0} MiB, first {FirstRecordS:0.00} s, wall {WallS:0.00} s, broker cpu {BrokerCpuS:0.00} s, other cpu {OtherCpuS:0.00} s")
        : $"NOT COUNTED: exit {ExitCode}, {Messages:N0} of {n:N0} msgs{(Error is null ? "" : ", " + Error)}";

    /// <summary>
    /// kcat prints one newline per record into a block-buffered pipe, so only the arrival of each buffer is seen. The
    /// rate between the first buffer and the last one before kcat's exit flush is extrapolated to record 1 and record N
    /// (the research harness's method).
    /// </summary>
    public static (double FirstMs, double LastMs) KcatTimes(IReadOnlyList<(double Ms, long Newlines)> chunks, long n)
    {
        if (chunks.Count == 0)
            return (0, 0);
        if (chunks.Count < 3)
            return (chunks[0].Ms, chunks[^1].Ms);
        var (t0, c0) = chunks[0];
        var (tk, ck) = chunks[^2];
        if (ck <= c0 || tk <= t0)
            return (t0, chunks[^1].Ms);
        var perMs = (ck - c0) / (tk - t0);
        return (t0 - (c0 - 1) / perMs, tk + (n - ck) / perMs);
    }
}
