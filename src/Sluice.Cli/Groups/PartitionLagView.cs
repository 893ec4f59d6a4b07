namespace Sluice.Cli.Groups;

/// <summary>A partition of a described group: its committed offset, the log end, the lag, and who holds it.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="Committed">The group's committed offset (the next to read), or null when none is committed.</param>
/// <param name="LogEnd">The partition's log end offset, or null when it could not be read.</param>
/// <param name="MemberId">The member holding it, or null.</param>
/// <param name="ClientId">That member's client id, or null.</param>
internal sealed record PartitionLagView(TopicPartition Partition, long? Committed, long? LogEnd, string? MemberId, string? ClientId)
{
    /// <summary>Records between the committed offset and the log end, or null when either is unknown.</summary>
    public long? Lag => Committed is { } committed && LogEnd is { } end ? Math.Max(0, end - committed) : null;
}
