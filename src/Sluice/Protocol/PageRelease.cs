using System.Runtime.InteropServices;

namespace Sluice.Protocol;

/// <summary>
/// Gives the memory pages of bytes already read back to the operating system while the array stays allocated. A
/// pooled frame keeps its pages once written, so with one answer arriving while the last is still being taken the
/// process holds two answers' worth of pages for good; letting the taken part go keeps it near one. The next frame
/// written there finds fresh zeroed pages (a page fault each), which is what it costs. Linux only (madvise); a
/// no-op elsewhere.
/// </summary>
internal static class PageRelease
{
    private const int PageSize = 4096;
    private const int MadviseDontNeed = 4;

    /// <summary>Whether this platform releases pages at all.</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux() && Environment.SystemPageSize == PageSize;

    /// <summary>
    /// Releases the whole pages inside bytes [<paramref name="start"/>, <paramref name="end"/>) of
    /// <paramref name="pinned"/>, which must be pinned (allocated on the pinned heap) and whose released bytes must
    /// not be read again before they are written. Pages only partly inside the range are left alone, so bytes
    /// outside it are never touched. Returns the index where the released pages end, or <paramref name="start"/>
    /// when none were: a caller releasing a growing range in steps starts the next step there, so the page that
    /// straddled the end of one step is released with the next.
    /// </summary>
    public static int Release(byte[] pinned, int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, pinned.Length);
        if (!Supported || end - start < PageSize)
            return start;
        var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);
        var first = (address + start + PageSize - 1) & ~(long)(PageSize - 1);
        var last = (address + end) & ~(long)(PageSize - 1);
        if (last <= first)
            return start;
        // A failure (not expected for a mapped range) only means the pages stay: nothing to report.
        return madvise((nint)first, (nuint)(last - first), MadviseDontNeed) == 0 ? (int)(last - address) : start;
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code for its generated stub; these arguments are blittable.
    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int madvise(nint address, nuint length, int advice);
#pragma warning restore SYSLIB1054
}
