namespace Sluice.Protocol.Records;

/// <summary>
/// The read_committed bookkeeping of Java's fetcher: aborted transactions ordered by first offset become
/// "aborted producers" once a batch reaches their first offset, and leave the set at their ABORT marker.
/// </summary>
internal sealed class AbortedTransactionFilter
{
    private readonly AbortedTransaction[] _waiting;
    private readonly HashSet<long> _abortedProducers = [];
    private int _next;

    public AbortedTransactionFilter(IReadOnlyList<AbortedTransaction>? abortedTransactions)
    {
        _waiting = abortedTransactions is null ? [] : [.. abortedTransactions];
        Array.Sort(_waiting, static (a, b) => a.FirstOffset.CompareTo(b.FirstOffset));
    }

    /// <summary>Marks the producers of every transaction that starts at or before <paramref name="lastOffset"/> as aborted.</summary>
    public void AdmitUpTo(long lastOffset)
    {
        while (_next < _waiting.Length && _waiting[_next].FirstOffset <= lastOffset)
            _abortedProducers.Add(_waiting[_next++].ProducerId);
    }

    /// <summary>Whether the open transaction of <paramref name="producerId"/> is an aborted one.</summary>
    public bool IsAborted(long producerId) => _abortedProducers.Contains(producerId);

    /// <summary>The producer's ABORT marker ends its aborted transaction: later batches belong to a new one.</summary>
    public void EndAbortedTransaction(long producerId) => _abortedProducers.Remove(producerId);
}
