using System.Buffers.Binary;

namespace Sluice.Protocol.Records;

/// <summary>
/// Cuts a partition's records in a <see cref="SegmentedFrame"/> into pieces of whole entries, each in one buffer, so
/// that the decoders, which read an entry from contiguous bytes, never see a segment boundary. Runs of entries inside
/// one segment stay where they are; an entry that crosses a boundary (one per boundary at most, unless entries are
/// larger than a segment) is copied into a pooled buffer of its own. Every message and batch starts with its offset
/// and size, so finding the boundaries reads 12 bytes per entry. What follows the last whole entry (the part of an
/// entry the broker cut at the size limit, or everything after an entry too small to be one) is a last piece, as it
/// came, for the scan to report.
/// </summary>
internal static class SegmentedRecords
{
    /// <summary>The pieces of the <paramref name="length"/> record bytes at <paramref name="start"/> in <paramref name="frame"/>, in order.</summary>
    public static RecordPiece[] Split(SegmentedFrame frame, int start, int length)
    {
        var pieces = new List<RecordPiece>();
        var end = start + length;
        var run = start;
        var position = start;
        Span<byte> header = stackalloc byte[RecordSetDecoder.LogOverhead];
        while (position < end)
        {
            var entryEnd = WholeEntryEnd(frame, position, end, header);
            if (entryEnd < 0)
                break;
            if (frame.SegmentOf(position) != frame.SegmentOf(entryEnd - 1))
            {
                AddRun(frame, pieces, run, position);
                pieces.Add(RecordPiece.Copied(frame, position, entryEnd - position));
                run = entryEnd;
            }
            else if (frame.SegmentOf(run) != frame.SegmentOf(position))
            {
                // The entries before this one ended exactly at a segment's end.
                AddRun(frame, pieces, run, position);
                run = position;
            }

            position = entryEnd;
        }

        if (position < end)
        {
            // The rest stays with the run when they share its segment; otherwise it is copied whole.
            if (frame.SegmentOf(run) == frame.SegmentOf(end - 1))
            {
                AddRun(frame, pieces, run, end);
            }
            else
            {
                AddRun(frame, pieces, run, position);
                pieces.Add(frame.SegmentOf(position) == frame.SegmentOf(end - 1)
                    ? InSegment(frame, position, end)
                    : RecordPiece.Copied(frame, position, end - position));
            }
        }
        else
        {
            AddRun(frame, pieces, run, end);
        }

        return [.. pieces];
    }

    // Where the whole entry at position ends, or -1 when the records end inside it or it is too small to be one.
    private static int WholeEntryEnd(SegmentedFrame frame, int position, int end, Span<byte> header)
    {
        if (end - position < header.Length)
            return -1;
        frame.CopyTo(position, header);
        var size = BinaryPrimitives.ReadInt32BigEndian(header[8..]);
        if (size < LegacyMessage.MinSizeV0 || size > end - position - header.Length)
            return -1;
        return position + header.Length + size;
    }

    private static void AddRun(SegmentedFrame frame, List<RecordPiece> pieces, int from, int to)
    {
        if (to > from)
            pieces.Add(InSegment(frame, from, to));
    }

    private static RecordPiece InSegment(SegmentedFrame frame, int from, int to)
    {
        var index = frame.SegmentOf(from);
        return RecordPiece.InFrame(frame.Held(index), from - index * frame.SegmentSize, to - from);
    }
}
