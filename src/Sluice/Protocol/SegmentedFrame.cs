using System.Buffers;

namespace Sluice.Protocol;

/// <summary>
/// A large response read into fixed-size pooled segments instead of one array. A Fetch answer's records are
/// decoded from where they were read, as the application takes them, and an answer arrives while the last one is
/// still being taken. In one array, the last answer holds all its pages until its final record is taken, so two
/// answers' worth stay in memory; in segments, each part goes back to the pool as soon as its records are taken, and
/// the next answer is read into those same pages. Each segment is a <see cref="FrameBuffer"/> of its own, counted
/// separately, rented when the answer's bytes reach it, with this frame holding one reference to each until
/// <see cref="Release"/>.
/// </summary>
internal sealed class SegmentedFrame
{
    private static long s_lastAnswer;

    private readonly SegmentPool _pool;

    /// <summary>A frame of <paramref name="length"/> bytes in segments of <paramref name="pool"/>, not yet written; each segment is rented when the frame is first written there.</summary>
    public SegmentedFrame(SegmentPool pool, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        _pool = pool;
        SegmentSize = pool.SegmentSize;
        Length = length;
        Answer = Interlocked.Increment(ref s_lastAnswer) | AnswerTag;
        Segments = new FrameBuffer[(int)(((long)length + SegmentSize - 1) / SegmentSize)];
    }

    // Keeps the answer ids of segmented frames apart from the ids of whole frames (FrameBuffer.Id).
    private const long AnswerTag = 1L << 62;

    /// <summary>The frame's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The length of every segment but the last, which holds the rest.</summary>
    public int SegmentSize { get; }

    /// <summary>Tells this answer from every other one; each segment carries it as its <see cref="FrameBuffer.Answer"/>.</summary>
    public long Answer { get; }

    /// <summary>The segments in order; segment <c>i</c> holds bytes from <c>i × SegmentSize</c> (null until written).</summary>
    public FrameBuffer?[] Segments { get; }

    /// <summary>The bytes of segment <paramref name="index"/> that belong to the frame.</summary>
    public int SegmentLength(int index) => (int)Math.Min(SegmentSize, Length - (long)index * SegmentSize);

    /// <summary>The segment that holds byte <paramref name="position"/>.</summary>
    public int SegmentOf(int position) => position / SegmentSize;

    /// <summary>The frame's bytes in segment <paramref name="index"/>.</summary>
    public Memory<byte> Segment(int index) => Held(index).Array.AsMemory(0, SegmentLength(index));

    // An answer takes milliseconds to arrive, and the application goes on taking the last answer's records meanwhile:
    // renting each segment only when its bytes arrive lets the later part of this answer reuse the segments those
    // records give back, instead of holding both answers whole at once.
    /// <summary>Segment <paramref name="index"/>, rented from the pool if nothing was written there yet.</summary>
    public FrameBuffer Held(int index) =>
        Segments[index] ??= new FrameBuffer(_pool, _pool.Rent(SegmentSize), SegmentLength(index)) { Answer = Answer };

    /// <summary>The frame's bytes from <paramref name="position"/> to the end of the segment that holds it.</summary>
    public Memory<byte> From(int position)
    {
        var index = SegmentOf(position);
        return Segment(index)[(position - index * SegmentSize)..];
    }

    /// <summary>Copies <paramref name="bytes"/> into the frame from its start, across segments; returns how many were copied.</summary>
    public int Fill(ReadOnlySequence<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes.Length, Length);
        var at = 0;
        while (!bytes.IsEmpty)
        {
            var target = From(at);
            var part = bytes.Slice(0, Math.Min(bytes.Length, target.Length));
            part.CopyTo(target.Span);
            bytes = bytes.Slice(part.Length);
            at += (int)part.Length;
        }

        return at;
    }

    /// <summary>Copies the frame's bytes from <paramref name="position"/> on into <paramref name="destination"/>, across segments.</summary>
    public void CopyTo(int position, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)position + destination.Length, Length);
        while (!destination.IsEmpty)
        {
            var part = From(position).Span;
            if (part.Length > destination.Length)
                part = part[..destination.Length];
            part.CopyTo(destination);
            destination = destination[part.Length..];
            position += part.Length;
        }
    }

    /// <summary>Drops this frame's reference to every segment; a segment goes back to the pool when nothing else holds it.</summary>
    public void Release()
    {
        foreach (var segment in Segments)
            segment?.Release();
    }
}
