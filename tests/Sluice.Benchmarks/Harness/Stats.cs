using System.Globalization;

namespace Sluice.Benchmarks.Harness;

/// <summary>Median, min and max of a handful of rounds, and the number formats of the tables.</summary>
internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
            return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double Min(IEnumerable<double> values) => values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Min();

    public static double Max(IEnumerable<double> values) => values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max();

    /// <summary>1 234 567 style (thin groups keep tables narrow and unambiguous).</summary>
    public static string Int(double value) =>
        double.IsNaN(value) ? "—" : Math.Round(value).ToString("#,0", CultureInfo.InvariantCulture).Replace(",", " ", StringComparison.Ordinal);

    public static string F(double value, string format) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "—" : value.ToString(format, CultureInfo.InvariantCulture);
}
