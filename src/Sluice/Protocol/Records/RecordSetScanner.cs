using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Sluice.Protocol.Records;

/// <summary>
/// Walks the entry headers of one partition's records without decoding them: the fetcher needs only where the
/// next fetch starts, how many records the answer roughly holds and whether it ended in a partial entry, while
/// the records themselves are made later, as the application asks for them (<see cref="RecordChunk"/>).
/// Every message and batch starts with its offset and size, and a batch v2 also names its last offset, so this
/// reads a few bytes per entry. CRCs and contents are checked when the entries are decoded.
/// </summary>
internal static class RecordSetScanner
{
    /// <summary>Reads the entry headers of <paramref name="records"/>, a partition's Records field fetched at <paramref name="fetchOffset"/>.</summary>
    /// <param name="records">The partition's record bytes.</param>
    /// <param name="fetchOffset">The offset the fetch asked for; offsets below it are not counted.</param>
    /// <param name="stopOffset">Offsets at or past it are not counted (the last stable offset under read_committed), or <see cref="long.MaxValue"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RecordSetScan Scan(ReadOnlySpan<byte> records, long fetchOffset, long stopOffset = long.MaxValue)
    {
        var position = 0;
        var next = fetchOffset;
        long estimated = 0;
        while (position < records.Length)
        {
            var kind = ReadEntry(records, position, out var entryOffset, out var size);
            if (kind == EntryKind.Cut)
                return new RecordSetScan(position, next, estimated, IncompleteTail: true, WholeSize(size), TooSmallEntry: null);
            if (kind == EntryKind.TooSmall)
                return new RecordSetScan(position, next, estimated, IncompleteTail: false, IncompleteEntrySize: 0, TooSmallEntry: (entryOffset, size));

            var entry = records.Slice(position, RecordSetDecoder.LogOverhead + size);
            position += entry.Length;

            // A batch's records start at its base offset; a wrapper's first inner offset is not in its header, so it
            // is counted from where the previous entry ended (compaction gaps count too, which errs on the side of
            // buffering less).
            var isBatch = RecordSetDecoder.Magic(entry) == RecordBatchWriter.Magic;
            var last = RecordSetDecoder.ClaimedLastOffset(entry);
            if (last < next)
                continue;
            var start = isBatch ? Math.Max(entryOffset, next) : next;
            var end = last == long.MaxValue ? long.MaxValue : last + 1;
            estimated += Math.Max(0, Math.Min(end, stopOffset) - start);
            next = end;
        }

        return new RecordSetScan(position, next, estimated, IncompleteTail: false, IncompleteEntrySize: 0, TooSmallEntry: null);
    }

    /// <summary>
    /// Reads the entry headers of a partition's records in pieces (<see cref="RecordPiece"/>), in order, as one: the
    /// complete length counts the whole entries of every piece up to the first partial or broken entry.
    /// </summary>
    public static RecordSetScan Scan(IReadOnlyList<RecordPiece> pieces, long fetchOffset, long stopOffset = long.MaxValue)
    {
        if (pieces.Count == 1)
            return Scan(pieces[0].Bytes.Span, fetchOffset, stopOffset);
        var scan = new RecordSetScan(0, fetchOffset, 0, IncompleteTail: false, IncompleteEntrySize: 0, TooSmallEntry: null);
        foreach (var piece in pieces)
        {
            var part = Scan(piece.Bytes.Span, scan.NextOffset, stopOffset);
            scan = part with { CompleteLength = scan.CompleteLength + part.CompleteLength, EstimatedRecords = scan.EstimatedRecords + part.EstimatedRecords };
            if (part.IncompleteTail || part.TooSmallEntry is not null)
                break;
        }

        return scan;
    }

    /// <summary>
    /// Reads the offset and size that start the entry at <paramref name="position"/>, and says whether the entry is
    /// whole, cut short (brokers copy log bytes to the socket up to the size limit, so the last entry may be; the
    /// size is 0 when not even it arrived), or smaller than any message, after which no entry can be found.
    /// </summary>
    public static EntryKind ReadEntry(ReadOnlySpan<byte> records, int position, out long offset, out int size)
    {
        var left = records.Length - position;
        if (left < RecordSetDecoder.LogOverhead)
        {
            offset = 0;
            size = 0;
            return EntryKind.Cut;
        }

        offset = BinaryPrimitives.ReadInt64BigEndian(records[position..]);
        size = BinaryPrimitives.ReadInt32BigEndian(records[(position + 8)..]);
        if (size < LegacyMessage.MinSizeV0)
            return EntryKind.TooSmall;
        return size > left - RecordSetDecoder.LogOverhead ? EntryKind.Cut : EntryKind.Whole;
    }

    /// <summary>The whole size, log overhead included, that a cut entry announced; 0 when it announced none.</summary>
    public static int WholeSize(int size) => size == 0 ? 0 : (int)Math.Min((long)size + RecordSetDecoder.LogOverhead, int.MaxValue);

    /// <summary>Why an entry smaller than any message ends the decoding of a partition.</summary>
    public static string TooSmall(int size) =>
        $"entry size {size} is below the {LegacyMessage.MinSizeV0}-byte minimum of any message, so the entries after it cannot be found";
}

/// <summary>What <see cref="RecordSetScanner.ReadEntry"/> found at a position.</summary>
internal enum EntryKind
{
    /// <summary>A whole entry.</summary>
    Whole,

    /// <summary>The data ends inside the entry.</summary>
    Cut,

    /// <summary>The entry's size is below any message's, so nothing after it can be found.</summary>
    TooSmall,
}

/// <summary>What <see cref="RecordSetScanner.Scan(ReadOnlySpan{byte}, long, long)"/> found.</summary>
/// <param name="CompleteLength">Bytes of whole entries from the start, up to a partial or broken entry.</param>
/// <param name="NextOffset">Where the next fetch starts: one past the last offset of the last whole entry, never below the fetch offset.</param>
/// <param name="EstimatedRecords">Offsets the whole entries span at or past the fetch offset: the records they hold unless compaction, transaction markers or aborted transactions left gaps.</param>
/// <param name="IncompleteTail">The data ended in a partial entry (normal: brokers cut the records at the size limit).</param>
/// <param name="IncompleteEntrySize">The whole size the partial entry announced, 0 when it was too short to say.</param>
/// <param name="TooSmallEntry">The offset and size of an entry smaller than any message, after which nothing can be read; null when none.</param>
internal readonly record struct RecordSetScan(
    int CompleteLength,
    long NextOffset,
    long EstimatedRecords,
    bool IncompleteTail,
    int IncompleteEntrySize,
    (long Offset, int Size)? TooSmallEntry)
{
    /// <summary>Bytes per record of the whole entries (at least 1), or 0 when they hold no record: how large the partition's records are.</summary>
    public int BytesPerRecord => EstimatedRecords > 0 ? (int)Math.Clamp(CompleteLength / EstimatedRecords, 1, int.MaxValue) : 0;
}
