using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Sluice.Protocol.Compression;

namespace Sluice.Protocol.Records;

/// <summary>
/// Decodes the records of one partition from a Fetch answer: message sets magic 0/1 and record batches v2, with
/// every codec, read_committed filtering, and the cut-off last entry brokers leave at the size limit.
/// </summary>
public static class RecordSetDecoder
{
    /// <summary>Offset (int64) and size (int32) before every message or batch.</summary>
    public const int LogOverhead = 12;

    // Message sets and record batches share the first 12 bytes; both keep their magic at byte 16 (a message's
    // magic follows its CRC; a batch's follows its leader epoch), so it is read before anything else.
    private const int MagicOffset = 16;

    private static readonly IReadOnlyList<CorruptBatchException> NoneSkipped = [];

    /// <summary>
    /// Decodes the Records bytes of one partition and appends the deliverable records with offset at or above
    /// <paramref name="fetchOffset"/> to <paramref name="output"/>, in offset order.
    /// </summary>
    /// <param name="records">The partition's Records field from the Fetch answer.</param>
    /// <param name="topic">The topic, given to every record.</param>
    /// <param name="partition">The partition, given to every record.</param>
    /// <param name="fetchOffset">The offset the fetch asked for; records below it are not delivered.</param>
    /// <param name="options">CRC checks, corrupt-batch handling, isolation level and the decompression cap.</param>
    /// <param name="abortedTransactions">The partition's aborted transactions from a read_committed fetch, or null.</param>
    /// <param name="output">Where the records go. Records are added batch by batch, each batch only once it decoded whole.</param>
    /// <returns>Where the next fetch starts, how many records were added, whether the data ended in a partial entry, and the batches skipped.</returns>
    /// <exception cref="CorruptBatchException">
    /// A batch failed its CRC or could not be decoded, and <see cref="RecordDecodeOptions.SkipCorruptBatches"/> is
    /// off; <paramref name="output"/> holds the records of the batches before it. An entry whose size is below any
    /// message's minimum is fatal even when skipping, since the entries after it cannot be found.
    /// </exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RecordSetDecodeResult Decode(
        ReadOnlySpan<byte> records,
        string topic,
        int partition,
        long fetchOffset,
        RecordDecodeOptions options,
        IReadOnlyList<AbortedTransaction>? abortedTransactions,
        ICollection<ConsumedRecord> output)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(fetchOffset);

        var filter = options.IsolationLevel == IsolationLevel.ReadCommitted ? new AbortedTransactionFilter(abortedTransactions) : null;
        var position = 0;
        return DecodeEntries(records, ref position, topic, partition, fetchOffset, options, filter, int.MaxValue, output);
    }

    /// <summary>
    /// Decodes whole entries from <paramref name="position"/> on, until the data ends or at least
    /// <paramref name="minRecords"/> records were added, and moves <paramref name="position"/> past what it read.
    /// A <see cref="RecordChunk"/> calls it again and again on one partition's answer, so records are made only as
    /// the application asks for them; <paramref name="filter"/> carries the read_committed state between calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static RecordSetDecodeResult DecodeEntries(
        ReadOnlySpan<byte> records,
        ref int position,
        string topic,
        int partition,
        long fetchOffset,
        RecordDecodeOptions options,
        AbortedTransactionFilter? filter,
        int minRecords,
        ICollection<ConsumedRecord> output)
    {
        using var session = new DecodeSession(topic, partition, fetchOffset, options, filter);
        List<CorruptBatchException>? skipped = null;
        var incompleteTail = false;
        var incompleteEntrySize = 0;
        while (position < records.Length && session.RecordsAdded < minRecords)
        {
            var kind = RecordSetScanner.ReadEntry(records, position, out var entryOffset, out var size);
            if (kind == EntryKind.TooSmall)
                throw session.Corrupt(entryOffset, entryOffset, RecordSetScanner.TooSmall(size));
            if (kind == EntryKind.Cut)
            {
                incompleteTail = true;
                incompleteEntrySize = RecordSetScanner.WholeSize(size);
                break;
            }

            var entry = records.Slice(position, LogOverhead + size);
            position += entry.Length;
            var corrupt = DecodeEntry(entry, session, output);
            if (corrupt is null)
                continue;
            session.Discard();
            if (!options.SkipCorruptBatches)
                throw corrupt;
            (skipped ??= []).Add(corrupt);
            session.Advance(corrupt.LastOffset);
        }

        return new RecordSetDecodeResult(session.NextOffset, session.RecordsAdded, incompleteTail, incompleteEntrySize, skipped ?? NoneSkipped);
    }

    /// <summary>The format of a whole entry: 0 or 1 for a message (or wrapper), 2 for a record batch.</summary>
    internal static byte Magic(ReadOnlySpan<byte> entry) => entry[MagicOffset];

    /// <summary>
    /// The last offset a whole entry claims without decoding it: a batch v2 names its last offset, and a message's
    /// own offset is its last (a wrapper of compressed messages carries the offset of its last inner message).
    /// </summary>
    internal static long ClaimedLastOffset(ReadOnlySpan<byte> entry) =>
        Magic(entry) == RecordBatchWriter.Magic ? RecordBatchHeader.ClaimedLastOffset(entry) : BinaryPrimitives.ReadInt64BigEndian(entry);

    // Decodes one whole entry and hands its records over; returns the corruption instead of throwing it.
    private static CorruptBatchException? DecodeEntry(ReadOnlySpan<byte> entry, DecodeSession session, ICollection<ConsumedRecord> output)
    {
        var magic = Magic(entry);
        var claimedLast = ClaimedLastOffset(entry);
        try
        {
            var lastOffset = magic switch
            {
                0 or 1 => MessageSetDecoder.Decode(entry, session),
                RecordBatchWriter.Magic => RecordBatchDecoder.Decode(entry, session),
                _ => throw session.Corrupt(BinaryPrimitives.ReadInt64BigEndian(entry), claimedLast, $"magic {magic} is no record format"),
            };
            session.Complete(lastOffset, output);
            return null;
        }
        catch (CorruptBatchException e)
        {
            return e;
        }
        catch (Exception e) when (e is KafkaProtocolException or DecompressionException)
        {
            return session.Corrupt(BinaryPrimitives.ReadInt64BigEndian(entry), claimedLast, e.Message.TrimEnd('.'), inner: e);
        }
    }
}
