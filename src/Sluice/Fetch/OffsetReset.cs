namespace Sluice.Fetch;

/// <summary>Where a partition starts when it has no valid position (pykafka's <c>auto_offset_reset</c>).</summary>
public enum OffsetReset
{
    /// <summary>The oldest record the broker still has.</summary>
    Earliest,

    /// <summary>The end of the log: only records produced from now on.</summary>
    Latest,
}
