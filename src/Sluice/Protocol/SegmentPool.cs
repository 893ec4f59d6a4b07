using System.Buffers;

namespace Sluice.Protocol;

/// <summary>
/// The pool of the fixed-size segments large answers are read into (<see cref="SegmentedFrame"/>). Every segment is
/// the same size, so any returned one takes the next answer's bytes: a segment whose records have all been taken
/// goes back here while the rest of its answer is still being read, and the next answer is written into the pages
/// it already has instead of new ones. The pool keeps what it is given back (at most what was once in use
/// together) and lets go of segments unused for a while (<see cref="Trim"/>), or of all of them when nothing will
/// read into them (<see cref="LetGoOfAll"/>), giving their pages back to the system as it does.
/// </summary>
internal sealed class SegmentPool : ArrayPool<byte>
{
    private readonly long _idleMs;
    private readonly Stack<(byte[] Array, long ReturnedAtMs)> _free = new();
    private int _lent;
    private int _allocated;
    private bool _lettingGo;

    /// <summary>A pool of <paramref name="segmentSize"/>-byte segments that lets go of those unused for <paramref name="idle"/>.</summary>
    public SegmentPool(int segmentSize, TimeSpan idle)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(idle, TimeSpan.Zero);
        SegmentSize = segmentSize;
        _idleMs = (long)idle.TotalMilliseconds;
    }

    /// <summary>The length of every segment.</summary>
    public int SegmentSize { get; }

    /// <summary>Segments kept for reuse now.</summary>
    public int Kept
    {
        get
        {
            lock (_free)
                return _free.Count;
        }
    }

    /// <summary>Segments this pool has allocated so far: the most it ever had in use together.</summary>
    public int Allocated => Volatile.Read(ref _allocated);

    /// <summary>Segments lent and not given back yet.</summary>
    public int Lent => Volatile.Read(ref _lent);

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimumLength"/> is more than a segment.</exception>
    public override byte[] Rent(int minimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumLength, SegmentSize);
        Interlocked.Increment(ref _lent);
        lock (_free)
        {
            _lettingGo = false;
            // The most recently returned segment first: its pages are the likeliest to still be in the cache.
            if (_free.TryPop(out var kept))
                return kept.Array;
        }

        // Uninitialised: a segment is written before it is read. Pinned, so that the pages of a segment let go can be
        // given back at once: unpinned, they would stay in memory until a full collection, which an idle process may
        // not run for a long time.
        Interlocked.Increment(ref _allocated);
        return GC.AllocateUninitializedArray<byte>(SegmentSize, pinned: true);
    }

    /// <inheritdoc/>
    public override void Return(byte[] array, bool clearArray = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Length != SegmentSize)
            throw new ArgumentException($"a segment of this pool is {SegmentSize} bytes long, not {array.Length}", nameof(array));
        if (clearArray)
            Array.Clear(array);
        Interlocked.Decrement(ref _lent);
        lock (_free)
        {
            if (_lettingGo)
                LetGo(array);
            else
                _free.Push((array, Environment.TickCount64));
        }
    }

    /// <summary>
    /// Lets go of the kept segments that nothing has rented since <paramref name="nowMs"/> minus the idle time,
    /// giving their pages back. Steady reading reuses its segments within milliseconds; what a burst needed beside
    /// them is let go. Returns how many segments were let go.
    /// </summary>
    public int Trim(long nowMs)
    {
        lock (_free)
        {
            // Popped newest first, so the recent ones are pushed back oldest first and keep their order.
            var recent = new Stack<(byte[] Array, long ReturnedAtMs)>();
            var dropped = 0;
            while (_free.TryPop(out var segment))
            {
                if (nowMs - segment.ReturnedAtMs < _idleMs)
                {
                    recent.Push(segment);
                    continue;
                }

                LetGo(segment.Array);
                dropped++;
            }

            while (recent.TryPop(out var segment))
                _free.Push(segment);
            return dropped;
        }
    }

    /// <summary>
    /// Lets go of every kept segment now, giving its pages back, and of every segment given back from now until the
    /// next <see cref="Rent"/>: for when nothing is left to read into them, so that segments still holding records
    /// when reading stopped are let go as those records are dropped. Returns how many kept segments were let go.
    /// </summary>
    public int LetGoOfAll()
    {
        lock (_free)
        {
            _lettingGo = true;
            var dropped = _free.Count;
            foreach (var segment in _free)
                LetGo(segment.Array);
            _free.Clear();
            return dropped;
        }
    }

    // The array itself is left to the collector; its pages go back to the system now.
    private static void LetGo(byte[] segment) => PageRelease.Release(segment, 0, segment.Length);
}
