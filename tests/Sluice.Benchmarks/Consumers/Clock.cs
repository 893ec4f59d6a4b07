using System.Globalization;

namespace Sluice.Benchmarks.Consumers;

/// <summary>Wall-clock time as fractional Unix epoch milliseconds, comparable across the harness and its children.</summary>
internal static class Clock
{
    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    public static string Format(double epochMs) => epochMs.ToString("0.000", CultureInfo.InvariantCulture);
}
