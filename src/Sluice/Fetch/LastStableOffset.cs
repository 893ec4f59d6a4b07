using Sluice.Protocol.Records;

namespace Sluice.Fetch;

/// <summary>
/// Under read_committed nothing at or past a partition's last stable offset may be delivered: records there
/// belong to transactions still open, which may yet abort. Brokers stop there themselves; this holds the line
/// when one does not.
/// </summary>
internal static class LastStableOffset
{
    /// <summary>The offset at which delivery stops: the last stable offset under read_committed when the broker sent one, else <see cref="long.MaxValue"/>.</summary>
    public static long StopOffset(long lastStableOffset, IsolationLevel isolation) =>
        isolation == IsolationLevel.ReadCommitted && lastStableOffset >= 0 ? lastStableOffset : long.MaxValue;

    /// <summary>Where the next fetch starts: <paramref name="nextOffset"/>, or the stop offset when the records went past it.</summary>
    public static long Cap(long nextOffset, long stopOffset) => Math.Min(nextOffset, stopOffset);
}
