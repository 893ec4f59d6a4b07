namespace Sluice.Fetch;

/// <summary>The kinds of <see cref="StartPosition"/>.</summary>
public enum StartPositionKind
{
    /// <summary>The oldest record the broker still has.</summary>
    Earliest,

    /// <summary>The end of the log.</summary>
    Latest,

    /// <summary>A given offset.</summary>
    Offset,

    /// <summary>The first record at or after a time.</summary>
    Timestamp,
}
