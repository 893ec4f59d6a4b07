using System.Buffers;

namespace Sluice.Protocol;

/// <summary>
/// The pool large response frames are read into. Their sizes vary from one Fetch to the next (which partitions were
/// asked, how much each had), and what a frame costs the process is the pages written, not the array's length: an
/// array is allocated uninitialised, so pages never written stay out of memory. The pool therefore makes a new array
/// as long as the longest it has made (up to twice the frame, since a heap limit counts the whole length), so that
/// kept arrays fit later frames, and lends the one whose written pages already cover the frame, or else the one
/// that has the most written, so that frames of changing sizes reuse the same pages instead of each size writing
/// pages of its own.
/// </summary>
internal sealed class FramePool : ArrayPool<byte>
{
    private const int Granularity = 64 * 1024;

    private readonly int _keep;
    private readonly List<Slot> _slots = [];
    private int _longest;

    /// <summary>A pool that keeps at most <paramref name="keep"/> arrays between uses.</summary>
    public FramePool(int keep)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        _keep = keep;
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
            var best = Choose(minimumLength);
            if (best is not null)
            {
                best.Lent = true;
                best.Written = Math.Max(best.Written, minimumLength);
                return best.Array;
            }

            // Rounded up so that a slightly larger frame still fits next time; uninitialised, since a frame is
            // written whole before it is read.
            var rounded = Math.Max(minimumLength, (int)Math.Min(Array.MaxLength, ((long)minimumLength + Granularity - 1) / Granularity * Granularity));
            var length = (int)Math.Max(rounded, Math.Min(_longest, Math.Min(Array.MaxLength, 2L * rounded)));
            _longest = Math.Max(_longest, length);
            var slot = new Slot(GC.AllocateUninitializedArray<byte>(length)) { Lent = true, Written = minimumLength };
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
                // Not one of ours (or one already let go): keep it like a new one, its every page counted.
                slot = new Slot(array) { Written = array.Length };
                _slots.Add(slot);
            }

            if (clearArray)
                Array.Clear(array, 0, slot.Written);
            slot.Lent = false;
            LetGoBeyondKeep();
        }
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

        public bool Lent { get; set; }

        public int Written { get; set; }
    }
}
