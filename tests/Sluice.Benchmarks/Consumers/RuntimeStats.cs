using System.Globalization;
using System.Runtime;

namespace Sluice.Benchmarks.Consumers;

/// <summary>
/// What the .NET runtime spent on the process so far, appended to the RESULT line: bytes allocated, collections
/// per generation, total GC pause, JIT time and methods compiled, and the GC's committed memory and the process's
/// working set at the end (for where peak RSS goes).
/// </summary>
internal static class RuntimeStats
{
    public static string Fields()
    {
        var jitMs = System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds;
        var memory = GC.GetGCMemoryInfo();
        return string.Create(CultureInfo.InvariantCulture,
            $"alloc_bytes={GC.GetTotalAllocatedBytes(precise: true)} gc0={GC.CollectionCount(0)} gc1={GC.CollectionCount(1)} gc2={GC.CollectionCount(2)} gc_pause_ms={GC.GetTotalPauseDuration().TotalMilliseconds:0.0} jit_ms={jitMs:0.0} jit_methods={System.Runtime.JitInfo.GetCompiledMethodCount()} gc_mode={(GCSettings.IsServerGC ? "server" : "workstation")} gc_committed_mib={memory.TotalCommittedBytes / 1048576.0:0.0} gc_heap_mib={memory.HeapSizeBytes / 1048576.0:0.0} working_set_mib={Environment.WorkingSet / 1048576.0:0.0}");
    }
}
