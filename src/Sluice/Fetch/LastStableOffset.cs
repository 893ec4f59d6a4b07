using Sluice.Protocol.Records;

namespace Sluice.Fetch;

/// <summary>
/// Under read_committed nothing at or past a partition's last stable offset may be delivered: records there
/// belong to transactions still open, which may yet abort. Brokers stop there themselves; this holds the line
/// when one does not.
/// </summary>
internal static class LastStableOffset
{
    /// <summary>Drops records at or past <paramref name="lastStableOffset"/> and returns where the next fetch starts.</summary>
    public static long Cap(List<ConsumedRecord> records, long nextOffset, long lastStableOffset, IsolationLevel isolation)
    {
        if (isolation != IsolationLevel.ReadCommitted || lastStableOffset < 0 || nextOffset <= lastStableOffset)
            return nextOffset;
        records.RemoveAll(r => r.Offset >= lastStableOffset);
        return lastStableOffset;
    }
}
