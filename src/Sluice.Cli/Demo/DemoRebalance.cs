namespace Sluice.Cli.Demo;

/// <summary>One rebalance the demo caused, and how long until every partition was owned again.</summary>
/// <param name="Number">1, 2, 3 in order.</param>
/// <param name="Cause">What started it.</param>
/// <param name="Took">From the cause until every partition was held by the members left, or null when that did not happen in time.</param>
/// <param name="Generation">The group generation that owned everything again, or -1.</param>
/// <param name="Owners">Each member and the partitions it held then.</param>
internal sealed record DemoRebalance(int Number, string Cause, TimeSpan? Took, int Generation, IReadOnlyList<(string Member, IReadOnlyList<int> Partitions)> Owners)
{
    /// <summary>Who held what, as "member-1 0,1  member-2 2,3".</summary>
    public string OwnersText => string.Join("  ", Owners.Select(o => $"{o.Member} {string.Join(",", o.Partitions)}"));
}
