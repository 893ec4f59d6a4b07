using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Sluice.Group;
using Sluice.Settings;
using Sluice.Streams;
using Sluice.Streams.Stages;

namespace Sluice.Benchmarks.Streams;

/// <summary>
/// What the committer does per offset a committable stream hands it: a batch of 1,000 offsets over 6 partitions
/// (the default <c>max-batch</c>), gathered where the member can take them before a rebalance
/// (<see cref="GatheredOffsets"/>, under a lock per offset) or, as <c>GroupedWithin</c> did, listed and merged once.
/// </summary>
[MemoryDiagnoser]
public class CommitterBenchmarks
{
    private const int BatchSize = 1_000;
    private const int Partitions = 6;
    private ActorSystem _system = null!;
    private CommittableOffset[] _offsets = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("committer-benchmarks");
        var member = ConsumerMember.Create(_system, ConsumerSettings.Default, null, null, "bench");
        _offsets = Enumerable.Range(0, BatchSize)
            .Select(i => new CommittableOffset(member, new TopicPartition("topic", i % Partitions), i / Partitions, 1))
            .ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    /// <summary>The batching stage's way: each offset merged as it arrives, the batch drained at the end.</summary>
    [Benchmark]
    public int Gathered()
    {
        var gathered = new GatheredOffsets();
        foreach (var offset in _offsets)
            gathered.Add(offset);
        var batch = gathered.Drain()!;
        gathered.Close();
        return (int)batch.BatchSize;
    }

    /// <summary>A list of the offsets merged into one batch at the end.</summary>
    [Benchmark(Baseline = true)]
    public int Listed()
    {
        var list = new List<ICommittable>(_offsets.Length);
        foreach (var offset in _offsets)
            list.Add(offset);
        return (int)CommittableOffsetBatch.Of(list).BatchSize;
    }
}
