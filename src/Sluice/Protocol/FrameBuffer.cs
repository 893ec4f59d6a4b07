using System.Buffers;

namespace Sluice.Protocol;

/// <summary>
/// A response frame assembled in a pooled array and shared by what was decoded from it: a Fetch answer's record
/// bytes stay in the frame instead of being copied out, and the array goes back to the pool when the connection
/// and every partition's records are done with it.
/// </summary>
internal sealed class FrameBuffer
{
    private static long s_lastId;
    private readonly ArrayPool<byte> _pool;
    private int _references = 1;
    private readonly long _answer;

    /// <summary>
    /// Wraps the first <paramref name="length"/> bytes of <paramref name="array"/>, rented from <paramref name="pool"/>,
    /// with one reference (the caller's).
    /// </summary>
    public FrameBuffer(ArrayPool<byte> pool, byte[] array, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, array.Length);
        _pool = pool;
        Array = array;
        Length = length;
    }

    /// <summary>Tells this frame from every other one (from 1 on), without keeping it reachable.</summary>
    public long Id { get; } = Interlocked.Increment(ref s_lastId);

    /// <summary>
    /// Tells the answer this frame holds (or a part of) from every other: its <see cref="Id"/>, or for a segment of a
    /// <see cref="SegmentedFrame"/> the id that frame shares among its segments.
    /// </summary>
    public long Answer { get => _answer == 0 ? Id : _answer; init => _answer = value; }

    /// <summary>When the frame was filled (<see cref="Environment.TickCount64"/>, ms).</summary>
    public long FilledAtMs { get; } = Environment.TickCount64;

    /// <summary>The pooled array; the frame starts at index 0. A pool may lend an array longer than the frame.</summary>
    public byte[] Array { get; }

    /// <summary>The frame's length in bytes.</summary>
    public int Length { get; }

    /// <summary>How many holders the frame has now.</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>
    /// Tells the frame that bytes [<paramref name="start"/>, <paramref name="end"/>) of its array have been read
    /// and will not be again: the whole pages inside go back to the system now (see <see cref="PageRelease"/>).
    /// Only an array a <see cref="FramePool"/> allocated (pinned, and written before it is read) has pages released;
    /// for any other this does nothing. Returns where the released pages end (see <see cref="PageRelease.Release"/>).
    /// </summary>
    public int Discard(int start, int end) =>
        _pool is FramePool pool && pool.IsPinned(Array) ? PageRelease.Release(Array, start, end) : start;

    /// <summary>Takes one more reference.</summary>
    public void Retain() => Interlocked.Increment(ref _references);

    /// <summary>Drops a reference; the last one gives the array back.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
            _pool.Return(Array);
    }
}
