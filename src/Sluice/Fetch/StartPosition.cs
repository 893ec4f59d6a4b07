using System.Globalization;

namespace Sluice.Fetch;

/// <summary>
/// Where a partition starts reading. An offset always means the next offset to read, as everywhere in Sluice.
/// </summary>
public sealed record StartPosition
{
    private StartPosition(StartPositionKind kind, long value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>The oldest record the broker still has.</summary>
    public static StartPosition Earliest { get; } = new(StartPositionKind.Earliest, -2);

    /// <summary>The end of the log.</summary>
    public static StartPosition Latest { get; } = new(StartPositionKind.Latest, -1);

    /// <summary>What kind of position this is.</summary>
    public StartPositionKind Kind { get; }

    /// <summary>The offset (for <see cref="StartPositionKind.Offset"/>) or the timestamp in ms (for <see cref="StartPositionKind.Timestamp"/>).</summary>
    public long Value { get; }

    /// <summary>The next offset to read is <paramref name="offset"/>.</summary>
    public static StartPosition AtOffset(long offset) => offset >= 0
        ? new(StartPositionKind.Offset, offset)
        : throw new ArgumentOutOfRangeException(nameof(offset), offset, "An offset is 0 or more; use Earliest or Latest for the ends of the log.");

    /// <summary>The first record whose timestamp is at or after <paramref name="timestampMs"/> (epoch milliseconds).</summary>
    public static StartPosition AtTimestamp(long timestampMs) => timestampMs >= 0
        ? new(StartPositionKind.Timestamp, timestampMs)
        : throw new ArgumentOutOfRangeException(nameof(timestampMs), timestampMs, "A timestamp is 0 or more (epoch milliseconds).");

    /// <summary>The position the reset policy names.</summary>
    public static StartPosition From(OffsetReset reset) => reset == OffsetReset.Earliest ? Earliest : Latest;

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        StartPositionKind.Offset => Value.ToString(CultureInfo.InvariantCulture),
        StartPositionKind.Timestamp => $"time {Value}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
