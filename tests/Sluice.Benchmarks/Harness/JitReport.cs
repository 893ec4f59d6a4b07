using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Sluice.Benchmarks.Cli;

namespace Sluice.Benchmarks.Harness;

/// <summary>
/// <c>jit-report --trace FILE.nettrace</c>: what the JIT compiled and when, from a trace taken with
/// <c>dotnet-trace collect --providers Microsoft-Windows-DotNETRuntime:0x10:5</c>: methods per optimization tier,
/// per second of the run, and per namespace. A profiling aid, not part of the benchmark.
/// </summary>
internal static class JitReport
{
    public const string Usage = "jit-report --trace FILE.nettrace [--top N] [--from-s S] [--to-s S] [--list]   (a dotnet-trace JIT trace: methods compiled per tier, second and namespace; --list: every method, with its type's instantiation and its signature)";

    public static Task<int> RunAsync(CommandArgs line)
    {
        var file = line.Required("trace");
        var top = line.Int("top", 20);
        var from = line.Double("from-s", 0);
        var to = line.Double("to-s", double.MaxValue);
        var list = line.Flag("list");
        line.RejectUnused();
        using var source = new EventPipeEventSource(file);
        var loads = new List<(double Ms, string Tier, string Name, string Namespace, string Signature)>();
        source.Clr.MethodLoadVerbose += e =>
            loads.Add((e.TimeStampRelativeMSec, e.OptimizationTier.ToString(), $"{e.MethodNamespace}.{e.MethodName}", Namespace(e.MethodNamespace), e.MethodSignature));
        source.Process();
        loads = loads.Where(l => l.Ms >= from * 1000 && l.Ms < to * 1000).ToList();

        if (list)
        {
            foreach (var l in loads)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{l.Ms,9:0.0} {l.Tier,-26} {l.Name} {l.Signature}"));
            return Task.FromResult(0);
        }

        Console.WriteLine($"methods compiled: {loads.Count}");
        Console.WriteLine("by tier:");
        foreach (var g in loads.GroupBy(l => l.Tier).OrderByDescending(g => g.Count()))
            Console.WriteLine($"  {g.Count(),6}  {g.Key}");
        Console.WriteLine("by second of the trace (all tiers / optimized tiers):");
        foreach (var g in loads.GroupBy(l => (int)(l.Ms / 1000)).OrderBy(g => g.Key))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {g.Key,3} s  {g.Count(),6} / {g.Count(l => l.Tier is "Optimized" or "OptimizedTier1" or "OptimizedTier1OSR"),6}"));
        Console.WriteLine("by namespace:");
        foreach (var g in loads.GroupBy(l => l.Namespace).OrderByDescending(g => g.Count()).Take(top))
            Console.WriteLine($"  {g.Count(),6}  {g.Key}");
        Console.WriteLine("compiled most often (same name, any signature or instantiation):");
        foreach (var g in loads.GroupBy(l => l.Name).OrderByDescending(g => g.Count()).Take(top))
            Console.WriteLine($"  {g.Count(),6}  {g.Key}");
        return Task.FromResult(0);
    }

    private static string Namespace(string typeName)
    {
        var generic = typeName.IndexOf('[', StringComparison.Ordinal);
        var name = generic > 0 ? typeName[..generic] : typeName;
        var parts = name.Split('.');
        return string.Join('.', parts.Take(Math.Min(3, Math.Max(1, parts.Length - 1))));
    }
}
