using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Sluice.Benchmarks.Cli;

namespace Sluice.Benchmarks.Harness;

/// <summary>
/// <c>allocations TRACE.nettrace</c>: sums the runtime's GC AllocationTick samples (one about every 100 KB
/// allocated) by type, small and large object heap apart, and the frames that allocated them, from a trace taken
/// with <c>dotnet-trace collect --profile gc-verbose</c>. A profiling aid, not part of the benchmark.
/// </summary>
internal static class AllocationReport
{
    public const string Usage = "allocations --trace FILE.nettrace [--top N] [--records N]   (a dotnet-trace gc-verbose trace: allocated bytes by type and allocating frame)";

    public static Task<int> RunAsync(CommandArgs line)
    {
        var file = line.Required("trace");
        var top = line.Int("top", 25);
        var records = line.Long("records", 0);
        line.RejectUnused();
        var etlx = TraceLog.CreateFromEventPipeDataFile(file);
        using var log = new TraceLog(etlx);
        var byType = new Dictionary<(string Type, bool Large), double>();
        var byFrame = new Dictionary<string, double>();
        double total = 0;
        foreach (var e in log.Events)
        {
            if (e is not GCAllocationTickTraceData tick)
                continue;
            var bytes = (double)tick.AllocationAmount64;
            total += bytes;
            var key = (tick.TypeName ?? "?", tick.AllocationKind == GCAllocationKind.Large);
            byType[key] = byType.GetValueOrDefault(key) + bytes;
            var frame = FirstSluiceOrAppFrame(e.CallStack());
            byFrame[frame] = byFrame.GetValueOrDefault(frame) + bytes;
        }

        string Per(double bytes) => records > 0 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / records,8:0.0} B/rec") : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sampled allocations: {total / 1e6:0.0} MB {Per(total)}"));
        Console.WriteLine("by type:");
        foreach (var ((type, large), bytes) in byType.OrderByDescending(kv => kv.Value).Take(top))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / 1e6,9:0.0} MB {100 * bytes / total,5:0.0}% {Per(bytes)}  {(large ? "LOH " : "")}{type}"));
        Console.WriteLine("by allocating frame (first Sluice/Akka frame on the stack):");
        foreach (var (frame, bytes) in byFrame.OrderByDescending(kv => kv.Value).Take(top))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / 1e6,9:0.0} MB {100 * bytes / total,5:0.0}% {Per(bytes)}  {frame}"));
        return Task.FromResult(0);
    }

    private static string FirstSluiceOrAppFrame(TraceCallStack? stack)
    {
        var frames = new List<string>();
        for (var s = stack; s is not null && frames.Count < 40; s = s.Caller)
            frames.Add(s.CodeAddress.FullMethodName ?? "?");
        var mine = frames.FirstOrDefault(f => f.StartsWith("Sluice.", StringComparison.Ordinal) && !f.StartsWith("Sluice.Benchmarks", StringComparison.Ordinal))
            ?? frames.FirstOrDefault(f => f.StartsWith("Akka.", StringComparison.Ordinal))
            ?? frames.FirstOrDefault(f => f.Length > 1);
        return mine ?? "(no stack)";
    }
}
