namespace Sluice.Protocol.Records;

/// <summary>Decodes the records of one partition from a Fetch answer, in every record format and codec.</summary>
public static class RecordSetDecoder
{
    /// <summary>
    /// Decodes the Records bytes of one partition and appends the deliverable records with offset at or above
    /// <paramref name="fetchOffset"/> to <paramref name="output"/>, in offset order.
    /// </summary>
    public static RecordSetDecodeResult Decode(
        ReadOnlySpan<byte> records,
        string topic,
        int partition,
        long fetchOffset,
        RecordDecodeOptions options,
        IReadOnlyList<AbortedTransaction>? abortedTransactions,
        ICollection<ConsumedRecord> output) =>
        throw new NotSupportedException("The record decoder is being written; this commit only publishes its contract.");
}
