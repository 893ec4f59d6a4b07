using Sluice.Group;

namespace Sluice.Cli.Demo;

/// <summary>A running member's state, generation, partitions held and total lag.</summary>
internal sealed record DemoMemberStatus(MemberState State, int Generation, IReadOnlyList<int> Partitions, long Lag);
