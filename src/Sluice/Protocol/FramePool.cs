using System.Buffers;

namespace Sluice.Protocol;

/// <summary>
/// The pool large response frames are read into. Their sizes vary from one Fetch to the next (which partitions were
/// asked, how much each had), so a pool of power-of-two buckets ends up keeping an array of every size it has seen;
/// this one keeps a few arrays and lends the smallest that fits, so smaller frames reuse the large arrays.
/// </summary>
internal sealed class FramePool : ArrayPool<byte>
{
    private const int Granularity = 64 * 1024;

    private readonly int _keep;
    private readonly List<byte[]> _free = [];

    /// <summary>A pool that keeps at most <paramref name="keep"/> arrays between uses (the largest ones).</summary>
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
            lock (_free)
                return _free.Count;
        }
    }

    /// <inheritdoc/>
    public override byte[] Rent(int minimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumLength);
        lock (_free)
        {
            var best = -1;
            for (var i = 0; i < _free.Count; i++)
            {
                if (_free[i].Length >= minimumLength && (best < 0 || _free[i].Length < _free[best].Length))
                    best = i;
            }

            if (best >= 0)
            {
                var array = _free[best];
                _free.RemoveAt(best);
                return array;
            }
        }

        // Rounded up so that a slightly larger frame still fits next time; uninitialised, since a frame is written
        // whole before it is read, and pages never written stay out of the process's memory.
        var size = (int)Math.Min(Array.MaxLength, ((long)minimumLength + Granularity - 1) / Granularity * Granularity);
        return GC.AllocateUninitializedArray<byte>(Math.Max(size, minimumLength));
    }

    /// <inheritdoc/>
    public override void Return(byte[] array, bool clearArray = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (clearArray)
            Array.Clear(array);
        lock (_free)
        {
            _free.Add(array);
            if (_free.Count <= _keep)
                return;
            var smallest = 0;
            for (var i = 1; i < _free.Count; i++)
            {
                if (_free[i].Length < _free[smallest].Length)
                    smallest = i;
            }

            _free.RemoveAt(smallest);
        }
    }
}
