using System.Buffers;

namespace Sluice.Protocol;

/// <summary>
/// The pool large response frames are read into. Their sizes vary from one Fetch to the next (which partitions were
/// asked, how much each had), and what a frame costs the process is the pages written, not the array's length: an
/// array is allocated uninitialised, so pages never written stay out of memory. The pool therefore makes each array
/// twice as long as the frame it is made for (a heap limit counts the whole length, so no longer), so that a kept
/// array takes the next, slightly larger frame instead of a new array writing pages of its own beside it; and it
/// lends the array whose written pages already cover the frame, or else the one that has the most written, so that
/// frames of changing sizes reuse the same pages. Where pages are released as their bytes are read
/// (<see cref="FrameBuffer.Discard"/>), an array costs only the pages of what is still unread. Arrays left unused for
/// a while are let go (<see cref="Trim"/>), and all of them when nothing will read into them
/// (<see cref="LetGoOfAll"/>), their pages given back as they go, so a burst of large answers does not keep its memory.
/// </summary>
internal sealed class FramePool : ArrayPool<byte>
{
    private const int Granularity = 64 * 1024;

    private readonly int _keep;
    private readonly long _idleMs;
    private readonly List<Slot> _slots = [];
    private bool _lettingGo;

    /// <summary>
    /// A pool that keeps at most <paramref name="keep"/> arrays between uses, and lets go in <see cref="Trim"/> those
    /// unused for <paramref name="idle"/> or longer.
    /// </summary>
    public FramePool(int keep, TimeSpan idle)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        ArgumentOutOfRangeException.ThrowIfLessThan(idle, TimeSpan.Zero);
        _keep = keep;
        _idleMs = (long)idle.TotalMilliseconds;
    }

    /// <summary>Arrays kept for reuse now.</summary>
    public int Kept
    {
        get
        {
            lock (_slots)
                return _slots.Count(s => !s.Lent);
        }
    }

    /// <summary>Bytes written into the arrays the pool knows (lent or kept): what its arrays cost in memory.</summary>
    public long Written
    {
        get
        {
            lock (_slots)
                return _slots.Sum(s => (long)s.Written);
        }
    }

    /// <inheritdoc/>
    public override byte[] Rent(int minimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumLength);
        lock (_slots)
        {
            _lettingGo = false;
            var best = Choose(minimumLength);
            if (best is not null)
            {
                best.Lent = true;
                best.Written = Math.Max(best.Written, minimumLength);
                return best.Array;
            }

            // Uninitialised, since a frame is written whole before it is read; pinned, so the pages of what has been
            // read can be given back while the array lives on (FrameBuffer.Discard). Made for answers only as large as
            // the first one, the arrays of a run would each be a little short for a later, larger answer, and every
            // such answer would write the pages of a new array while the kept ones sat idle with theirs.
            var length = (int)Math.Min(Array.MaxLength, 2L * ((minimumLength + (long)Granularity - 1) / Granularity * Granularity));
            var slot = new Slot(GC.AllocateUninitializedArray<byte>(length, pinned: true)) { Pinned = true, Lent = true, Written = minimumLength };
            _slots.Add(slot);
            return slot.Array;
        }
    }

    /// <inheritdoc/>
    public override void Return(byte[] array, bool clearArray = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        lock (_slots)
        {
            var slot = _slots.Find(s => ReferenceEquals(s.Array, array));
            if (slot is null)
            {
                // Not one of ours (or one already let go): keep it like a new one, its every page counted. It may
                // not be pinned, so its pages are never released.
                slot = new Slot(array) { Written = array.Length };
                _slots.Add(slot);
            }

            if (clearArray)
                Array.Clear(array, 0, slot.Written);
            slot.Lent = false;
            slot.ReturnedAtMs = Environment.TickCount64;
            if (_lettingGo)
                LetGo(slot);
            else
                LetGoBeyondKeep();
        }
    }

    /// <summary>
    /// Whether <paramref name="array"/> is one this pool allocated, on the pinned heap: only such an array stays
    /// where it is, so only its pages may be given back (<see cref="FrameBuffer.Discard"/>).
    /// </summary>
    public bool IsPinned(byte[] array)
    {
        lock (_slots)
            return _slots.Find(s => ReferenceEquals(s.Array, array)) is { Pinned: true };
    }

    /// <summary>
    /// Lets go of the kept arrays that nothing has rented since <paramref name="nowMs"/> minus the idle time,
    /// giving their written pages back first where they are pinned (this pool's own), so the memory returns now and
    /// not at the next full collection. Steady reading reuses its arrays within milliseconds and never reaches the
    /// idle time; what an earlier burst needed beside them does. Returns how many arrays were let go.
    /// </summary>
    public int Trim(long nowMs)
    {
        lock (_slots)
            return LetGoWhere(slot => nowMs - slot.ReturnedAtMs >= _idleMs);
    }

    /// <summary>
    /// Lets go of every kept array now, giving its written pages back where it is pinned, and of every array given
    /// back from now until the next <see cref="Rent"/>: for when nothing is left to read into them, so that frames
    /// still holding records when reading stopped are let go as those records are dropped. Returns how many kept
    /// arrays were let go.
    /// </summary>
    public int LetGoOfAll()
    {
        lock (_slots)
        {
            _lettingGo = true;
            return LetGoWhere(_ => true);
        }
    }

    private int LetGoWhere(Func<Slot, bool> idle)
    {
        var dropped = 0;
        for (var i = _slots.Count - 1; i >= 0; i--)
        {
            if (_slots[i].Lent || !idle(_slots[i]))
                continue;
            LetGo(_slots[i]);
            dropped++;
        }

        return dropped;
    }

    private void LetGo(Slot slot)
    {
        if (slot.Pinned)
            PageRelease.Release(slot.Array, 0, slot.Array.Length);
        _slots.Remove(slot);
    }

    // The arrays let go are the least written: the others cost no new pages when they are lent again.
    private void LetGoBeyondKeep()
    {
        Slot? least = null;
        var free = 0;
        foreach (var slot in _slots)
        {
            if (slot.Lent)
                continue;
            free++;
            if (least is null || slot.Written < least.Written)
                least = slot;
        }

        if (free > _keep)
            _slots.Remove(least!);
    }

    // The free array that takes the frame without new pages written, the one least written among those so the
    // most written stay for larger frames; failing that, the one that needs the fewest new pages.
    private Slot? Choose(int length)
    {
        Slot? covering = null;
        Slot? most = null;
        foreach (var slot in _slots)
        {
            if (slot.Lent || slot.Array.Length < length)
                continue;
            if (slot.Written >= length && (covering is null || slot.Written < covering.Written))
                covering = slot;
            if (most is null || slot.Written > most.Written)
                most = slot;
        }

        return covering ?? most;
    }

    private sealed class Slot(byte[] array)
    {
        public byte[] Array { get; } = array;

        public bool Pinned { get; init; }

        public bool Lent { get; set; }

        // Environment.TickCount64 when last given back.
        public long ReturnedAtMs { get; set; }

        public int Written { get; set; }
    }
}
