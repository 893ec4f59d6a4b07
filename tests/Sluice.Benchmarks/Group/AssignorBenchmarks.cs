using BenchmarkDotNet.Attributes;
using Sluice.Group;
using Sluice.Group.Assignors;

namespace Sluice.Benchmarks.Group;

/// <summary>
/// What the group leader computes in a rebalance: the assignment of 1,000 partitions (10 topics × 100) to 100
/// members that all subscribe to every topic, per built-in strategy. "fresh": nobody owns anything yet (a new
/// group). "one-joins": 99 members own the assignment the same strategy gave them in the previous generation and a
/// 100th member joins, so the sticky strategies must move as little as possible while rebalancing.
/// </summary>
[MemoryDiagnoser]
public class AssignorBenchmarks
{
    private const int Members = 100;
    private const int Topics = 10;
    private const int PartitionsPerTopic = 100;

    private IPartitionAssignor _assignor = null!;
    private AssignmentContext _context = null!;

    /// <summary>The strategy.</summary>
    [Params("range", "roundrobin", "sticky", "cooperative-sticky")]
    public string Strategy { get; set; } = "range";

    /// <summary>A new group, or a member joining a settled one.</summary>
    [Params("fresh", "one-joins")]
    public string Scenario { get; set; } = "fresh";

    [GlobalSetup]
    public void Setup()
    {
        _assignor = AssignmentStrategies.Resolve([Strategy])[0];
        var topicNames = Enumerable.Range(0, Topics).Select(t => $"topic-{t:00}").ToArray();
        var topics = topicNames.ToDictionary(
            t => t,
            t => (IReadOnlyList<AssignablePartition>)Enumerable.Range(0, PartitionsPerTopic).Select(p => new AssignablePartition(p, p % 3)).ToList());
        var ids = Enumerable.Range(0, Members).Select(i => $"sluice-{i:000}-{Guid.NewGuid():N}").ToArray();

        if (Scenario == "fresh")
        {
            _context = new AssignmentContext(ids.Select(id => Member(id, SubscriptionState.Fresh(topicNames))), topics);
            return;
        }

        // The previous generation: the first 99 members, as this strategy assigned them.
        var previous = _assignor.Assign(new AssignmentContext(ids[..^1].Select(id => Member(id, SubscriptionState.Fresh(topicNames))), topics));
        var members = ids[..^1]
            .Select(id => Member(id, new SubscriptionState(topicNames, previous[id], GenerationId: 1)))
            .Append(Member(ids[^1], SubscriptionState.Fresh(topicNames)));
        _context = new AssignmentContext(members, topics);
    }

    /// <summary>One leader-side assignment of all 1,000 partitions.</summary>
    [Benchmark]
    public int Assign() => _assignor.Assign(_context).Count;

    private AssignmentMember Member(string id, SubscriptionState state) => new(id, null, state.ToSubscription(_assignor));
}
