using System.Globalization;
using System.Runtime;

namespace Sluice.Benchmarks.Consumers;

/// <summary>
/// What the .NET runtime spent on the process so far, appended to the RESULT line: bytes allocated, collections
/// per generation, total GC pause, JIT time and methods compiled, and the GC's committed memory and the process's
/// working set at the end, and each generation's size after the last collection (gen0/gen1/gen2/LOH/POH), for where
/// peak RSS goes. With <c>SLUICE_BENCH_LIVE_HEAP=1</c> it also collects fully at the end and reports what is still
/// alive (<c>gc_live_mib</c>), which tells live objects from garbage waiting in gen2; off by default, since the
/// collection adds to the process's CPU time.
/// </summary>
internal static class RuntimeStats
{
    public static string Fields()
    {
        var jitMs = System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds;
        var memory = GC.GetGCMemoryInfo();
        var generations = Generations(memory);
        var fields = string.Create(CultureInfo.InvariantCulture,
            $"alloc_bytes={GC.GetTotalAllocatedBytes(precise: true)} gc0={GC.CollectionCount(0)} gc1={GC.CollectionCount(1)} gc2={GC.CollectionCount(2)} gc_pause_ms={GC.GetTotalPauseDuration().TotalMilliseconds:0.0} jit_ms={jitMs:0.0} jit_methods={System.Runtime.JitInfo.GetCompiledMethodCount()} gc_mode={(GCSettings.IsServerGC ? "server" : "workstation")} gc_committed_mib={memory.TotalCommittedBytes / 1048576.0:0.0} gc_heap_mib={memory.HeapSizeBytes / 1048576.0:0.0} gc_gens_mib={generations} working_set_mib={Environment.WorkingSet / 1048576.0:0.0}");
        if (Environment.GetEnvironmentVariable("SLUICE_BENCH_LIVE_HEAP") != "1")
            return fields;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return fields + " gc_live_mib=" + Generations(GC.GetGCMemoryInfo(GCKind.FullBlocking));
    }

    // Each generation's size after the collection (gen0/gen1/gen2/LOH/POH), in MiB.
    private static string Generations(GCMemoryInfo memory) =>
        string.Join('/', memory.GenerationInfo.ToArray().Select(g => (g.SizeAfterBytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture)));
}
