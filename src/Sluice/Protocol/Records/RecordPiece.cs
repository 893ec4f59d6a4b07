using System.Buffers;

namespace Sluice.Protocol.Records;

/// <summary>
/// A run of one partition's record bytes that lies in one buffer: a pooled frame (or a segment of one), a pooled
/// copy, or memory owned by nobody. A partition's records in a <see cref="SegmentedFrame"/> are several pieces, each
/// of whole entries, so every entry can be decoded from contiguous bytes. The piece holds one reference to its frame,
/// or its pooled copy, until <see cref="Release"/>.
/// </summary>
internal sealed class RecordPiece
{
    private FrameBuffer? _frame;
    private byte[]? _pooled;

    private RecordPiece(ReadOnlyMemory<byte> bytes, FrameBuffer? frame, byte[]? pooled)
    {
        Bytes = bytes;
        _frame = frame;
        _pooled = pooled;
    }

    /// <summary>The bytes; not to be read after <see cref="Release"/>.</summary>
    public ReadOnlyMemory<byte> Bytes { get; private set; }

    /// <summary>The pooled frame the bytes are in, of which this piece holds a reference; null when they are not in one.</summary>
    public FrameBuffer? Frame => Volatile.Read(ref _frame);

    /// <summary>Bytes <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> of <paramref name="frame"/>, taking a reference to it.</summary>
    public static RecordPiece InFrame(FrameBuffer frame, int start, int length)
    {
        frame.Retain();
        return new RecordPiece(new ReadOnlyMemory<byte>(frame.Array, start, length), frame, null);
    }

    /// <summary>A copy of <paramref name="bytes"/> in a buffer rented from the shared pool.</summary>
    public static RecordPiece Copied(ReadOnlySpan<byte> bytes)
    {
        var pooled = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length, 1));
        bytes.CopyTo(pooled);
        return new RecordPiece(new ReadOnlyMemory<byte>(pooled, 0, bytes.Length), null, pooled);
    }

    /// <summary>A copy of bytes <paramref name="start"/> to <paramref name="start"/> + <paramref name="length"/> of <paramref name="frame"/>, across its segments.</summary>
    public static RecordPiece Copied(SegmentedFrame frame, int start, int length)
    {
        var pooled = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        frame.CopyTo(start, pooled.AsSpan(0, length));
        return new RecordPiece(new ReadOnlyMemory<byte>(pooled, 0, length), null, pooled);
    }

    /// <summary>Memory nothing needs to give back (records built in memory, as tests do).</summary>
    public static RecordPiece Unowned(ReadOnlyMemory<byte> bytes) => new(bytes, null, null);

    /// <summary>
    /// Copies the bytes from <paramref name="start"/> on (the part still to be read) into a pooled buffer of their own
    /// size and drops the hold on the frame, so a slow reader's leftovers do not keep a whole frame. Returns false,
    /// changing nothing, when the bytes are in no frame.
    /// </summary>
    public bool MoveOutOfFrame(int start)
    {
        var frame = _frame;
        if (frame is null)
            return false;
        var keep = Bytes.Span[start..];
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(keep.Length, 1));
        keep.CopyTo(copy);
        Bytes = new ReadOnlyMemory<byte>(copy, 0, keep.Length);
        _pooled = copy;
        _frame = null;
        frame.Release();
        return true;
    }

    /// <summary>Gives the buffer back (once; later calls do nothing). The bytes must not be read afterwards.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _pooled, null) is { } pooled)
            ArrayPool<byte>.Shared.Return(pooled);
        Interlocked.Exchange(ref _frame, null)?.Release();
    }
}
