namespace Sluice.Protocol.Records;

/// <summary>What <see cref="RecordSetDecoder.Decode"/> found in one partition's records.</summary>
/// <param name="NextOffset">
/// Where the next fetch starts: one past the last offset of the last complete batch or message read (skipped and
/// control batches included), and never below the fetch offset; the fetch offset when nothing was complete.
/// </param>
/// <param name="RecordsAdded">How many records were appended to the output.</param>
/// <param name="IncompleteTail">
/// Bytes at the end did not form a whole batch or message. Brokers cut the records at the size limit, so this is
/// normal; the next fetch from <paramref name="NextOffset"/> returns the rest.
/// </param>
/// <param name="IncompleteEntrySize">
/// The whole size (log overhead included) the partial entry announced, or 0 when fewer than 12 bytes were left
/// and no size could be read. A fetch v0-v2 answer holding only a partial entry of this size means one message
/// is larger than the partition fetch size.
/// </param>
/// <param name="Skipped">The corrupt batches skipped, in log order; only with <see cref="RecordDecodeOptions.SkipCorruptBatches"/>.</param>
public readonly record struct RecordSetDecodeResult(
    long NextOffset,
    int RecordsAdded,
    bool IncompleteTail,
    int IncompleteEntrySize,
    IReadOnlyList<CorruptBatchException> Skipped);
