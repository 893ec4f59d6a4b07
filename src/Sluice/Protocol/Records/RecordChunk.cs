using System.Runtime.InteropServices;
using Sluice.Protocol.Messages;

namespace Sluice.Protocol.Records;

/// <summary>
/// One partition's records from one Fetch answer, kept as the bytes the broker sent and decoded a few entries at a
/// time as the application takes them. A 1 MiB answer holds about 8,000 records of 100 B; decoded at once they all
/// outlive a young-generation collection while they wait in the buffer, and the collector copies them. Decoded on
/// demand, each record lives from just before it is handed out, and the buffer holds raw bytes, which are smaller.
/// The bytes are one or more pieces of whole entries (<see cref="RecordPiece"/>; several when the answer was read
/// into segments), decoded in order, each given back to its pool as soon as it is read, so the next answer can be
/// read into its pages. Confined to the actor that owns the buffer; the pooled bytes go back once read or dropped.
/// </summary>
internal sealed class RecordChunk
{
    private readonly FetchPartitionResponse _answer;
    private readonly RecordPiece[] _pieces;
    private readonly int[] _lengths;
    private readonly string _topic;
    private readonly int _partition;
    private readonly RecordDecodeOptions _options;
    private readonly AbortedTransactionFilter? _filter;
    private readonly long _stopOffset;
    private readonly bool _releasePages;
    private int _piece;
    private ReadOnlyMemory<byte> _bytes;
    private int _position;
    private int _released;
    private int _remainingAfter;

    /// <summary>A chunk of the first <paramref name="length"/> bytes (whole entries) of <paramref name="answer"/>'s records.</summary>
    /// <param name="answer">The partition's answer; the chunk gives its pooled records back when done.</param>
    /// <param name="length">Bytes of whole entries, from <see cref="RecordSetScan.CompleteLength"/> (over all pieces).</param>
    /// <param name="topic">The topic, given to every record.</param>
    /// <param name="partition">The partition, given to every record.</param>
    /// <param name="fetchOffset">The offset the fetch asked for; records below it are not delivered.</param>
    /// <param name="endOffset">Where the scan said the next fetch starts.</param>
    /// <param name="stopOffset">Records at or past it are dropped (the last stable offset under read_committed), or <see cref="long.MaxValue"/>.</param>
    /// <param name="options">How to decode.</param>
    /// <param name="releasePages">Give the frame's pages back as their bytes are decoded (see <see cref="FrameBuffer.Discard"/>).</param>
    public RecordChunk(FetchPartitionResponse answer, int length, string topic, int partition, long fetchOffset, long endOffset, long stopOffset, RecordDecodeOptions options, bool releasePages = false)
    {
        _releasePages = releasePages && PageRelease.Supported;
        _answer = answer;
        _pieces = [.. answer.Pieces];
        _lengths = new int[_pieces.Length];
        var left = length;
        for (var i = 0; i < _pieces.Length; i++)
        {
            _lengths[i] = Math.Min(left, _pieces[i].Bytes.Length);
            left -= _lengths[i];
        }

        Length = length - left;
        _remainingAfter = Length;
        _piece = -1;
        NextPiece();
        _topic = topic;
        _partition = partition;
        _options = options;
        _stopOffset = stopOffset;
        _filter = options.IsolationLevel == IsolationLevel.ReadCommitted ? new AbortedTransactionFilter(answer.AbortedTransactions) : null;
        NextOffset = fetchOffset;
        EndOffset = Math.Min(endOffset, stopOffset);
    }

    /// <summary>The offset the next decoded record is at or after.</summary>
    public long NextOffset { get; private set; }

    /// <summary>Where this chunk's offsets end (exclusive).</summary>
    public long EndOffset { get; }

    /// <summary>
    /// The response frame the bytes are in (see <see cref="RecordPiece.Frame"/>) when they are one piece, which can be
    /// moved out of it (<see cref="MoveOutOfFrame"/>); null otherwise.
    /// </summary>
    public FrameBuffer? Frame => _pieces.Length == 1 ? _pieces[0].Frame : null;

    /// <summary>The answer the bytes came in (see <see cref="FrameBuffer.Answer"/>), or null when they are in no frame.</summary>
    public long? Answer => _pieces.Length > 0 && _pieces[0].Frame is { } frame ? frame.Answer : null;

    /// <summary>Whether every entry has been decoded (or the rest dropped).</summary>
    public bool IsExhausted => _position >= _bytes.Length && _remainingAfter == 0;

    /// <summary>Offsets not decoded yet: the records still in the chunk, unless gaps leave fewer.</summary>
    public long EstimatedRemaining => IsExhausted ? 0 : Math.Max(0, EndOffset - NextOffset);

    /// <summary>
    /// Decodes whole entries into <paramref name="output"/> until at least <paramref name="minRecords"/> records were
    /// added or the chunk ends; corrupt batches skipped under <see cref="RecordDecodeOptions.SkipCorruptBatches"/> go
    /// to <paramref name="skipped"/>.
    /// </summary>
    /// <exception cref="CorruptBatchException">A batch is corrupt and not skipped; <paramref name="output"/> holds the records before it, and the chunk is done.</exception>
    public int DecodeInto(List<ConsumedRecord> output, int minRecords, List<CorruptBatchException> skipped)
    {
        var before = output.Count;
        try
        {
            while (true)
            {
                var result = RecordSetDecoder.DecodeEntries(_bytes.Span, ref _position, _topic, _partition, NextOffset, _options, _filter, minRecords - (output.Count - before), output);
                NextOffset = result.NextOffset;
                skipped.AddRange(result.Skipped);
                if (_position < _bytes.Length || _remainingAfter == 0)
                    break;
                // A piece read to its end goes back at once, so the next answer can be read into its pages.
                NextPiece();
                if (output.Count - before >= minRecords)
                    break;
            }
        }
        catch (CorruptBatchException)
        {
            Release();
            throw;
        }

        // Under read_committed nothing at or past the last stable offset is delivered; records are in offset order.
        var end = output.Count;
        while (end > before && output[end - 1].Offset >= _stopOffset)
            end--;
        if (end < output.Count)
        {
            output.RemoveRange(end, output.Count - end);
            Release();
        }

        if (IsExhausted)
            Release();
        else if (_releasePages && _position - _released >= ReleaseStep)
            ReleaseDecodedPages();
        return output.Count - before;
    }

    /// <summary>Bytes of whole entries the chunk was made of.</summary>
    public int Length { get; }

    /// <summary>Bytes not decoded yet.</summary>
    public int RemainingBytes => _bytes.Length - _position + _remainingAfter;

    /// <summary>
    /// Copies the bytes not decoded yet out of the response frame into a buffer of their own size and drops this
    /// chunk's hold on the frame (see <see cref="Fetch.FrameSweep"/> for when that pays). Only a chunk of one piece
    /// (see <see cref="Frame"/>) is moved.
    /// </summary>
    public void MoveOutOfFrame()
    {
        if (IsExhausted || _pieces.Length != 1 || !_pieces[0].MoveOutOfFrame(_position))
            return;
        _bytes = _pieces[0].Bytes[..(_bytes.Length - _position)];
        _position = 0;
        _released = 0;
    }

    // Moves to the next piece that has bytes, giving back the one read.
    private void NextPiece()
    {
        if (_piece >= 0)
            _pieces[_piece].Release();
        _position = 0;
        _released = 0;
        _bytes = ReadOnlyMemory<byte>.Empty;
        while (++_piece < _pieces.Length)
        {
            if (_lengths[_piece] == 0)
            {
                _pieces[_piece].Release();
                continue;
            }

            _bytes = _pieces[_piece].Bytes[.._lengths[_piece]];
            _remainingAfter -= _bytes.Length;
            return;
        }
    }

    // Pages are given back a quarter MiB at a time: each release is a system call that also flushes the page's
    // translations on every core, so not one per decode step.
    private const int ReleaseStep = 256 * 1024;

    // Bytes decoded are never read again, so while the rest of the frame (other partitions, this chunk's tail) is
    // still held, the pages of this chunk's decoded part can go.
    private void ReleaseDecodedPages()
    {
        if (_piece < _pieces.Length && _pieces[_piece].Frame is { } frame && MemoryMarshal.TryGetArray(_bytes, out var segment) && ReferenceEquals(segment.Array, frame.Array))
            _released = frame.Discard(segment.Offset + _released, segment.Offset + _position) - segment.Offset;
        else
            _released = _position;
    }

    /// <summary>Gives the record bytes back to the pool; the chunk must not be decoded afterwards.</summary>
    public void Release()
    {
        _position = _bytes.Length;
        if (_releasePages && _position > _released)
            ReleaseDecodedPages();
        _remainingAfter = 0;
        _answer.ReleaseRecords();
    }
}
