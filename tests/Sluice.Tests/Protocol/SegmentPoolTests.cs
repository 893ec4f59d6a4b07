using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Protocol;

public sealed class SegmentPoolTests
{
    private const int Segment = 64 * 1024;

    // How many bytes of a segment still hold what was written: only the pages it shares with its header and whatever
    // follows it may keep theirs once its pages are given back.
    private static int StillWritten(byte[] segment, byte value) => segment.AsSpan().Count(value);

    private static bool PagesGivenBack(byte[] segment, byte value) =>
        !PageRelease.Supported || StillWritten(segment, value) <= 2 * Environment.SystemPageSize;

    // A pool with two segments lent and written, the first given back.
    private static (SegmentPool Pool, byte[] Returned, byte[] Lent) OneBackOneLent()
    {
        var pool = new SegmentPool(Segment, TimeSpan.FromSeconds(30));
        var returned = pool.Rent(Segment);
        var lent = pool.Rent(Segment);
        returned.AsSpan().Fill(7);
        lent.AsSpan().Fill(7);
        pool.Return(returned);
        return (pool, returned, lent);
    }

    [Fact]
    public void A_segment_pool_lends_what_was_given_back_and_lets_go_of_segments_idle_too_long()
    {
        var pool = new SegmentPool(1024, TimeSpan.FromSeconds(30));
        var first = pool.Rent(1024);
        var second = pool.Rent(10);
        pool.Return(first);

        Assert.Same(first, pool.Rent(1024));
        Assert.Equal(2, pool.Allocated);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(1025));
        Assert.Throws<ArgumentException>(() => pool.Return(new byte[10]));

        pool.Return(first);
        pool.Return(second);
        Assert.Equal(0, pool.Trim(Environment.TickCount64));
        Assert.Equal(2, pool.Trim(Environment.TickCount64 + 30_000));
        Assert.Equal(0, pool.Kept);
    }

    [Fact]
    public void Segments_let_go_after_their_idle_time_give_their_pages_back_and_the_one_in_use_keeps_its_bytes()
    {
        var (pool, idle, inUse) = OneBackOneLent();
        var returned = Environment.TickCount64;

        Assert.Equal(0, pool.Trim(returned + 29_000));
        Assert.Equal(1, pool.Trim(Environment.TickCount64 + 30_000));

        Assert.Equal(0, pool.Kept);
        Assert.True(PagesGivenBack(idle, 7), $"{StillWritten(idle, 7)} bytes of the idle segment kept their value");
        Assert.Equal(Segment, StillWritten(inUse, 7));
        pool.Return(inUse);
        Assert.Same(inUse, pool.Rent(Segment));
    }

    [Fact]
    public void Letting_go_of_all_gives_back_every_kept_segment_and_each_one_returned_until_the_next_rent()
    {
        var (pool, kept, held) = OneBackOneLent();

        Assert.Equal(1, pool.LetGoOfAll());
        Assert.Equal(0, pool.Kept);
        Assert.True(PagesGivenBack(kept, 7), $"{StillWritten(kept, 7)} bytes of the kept segment kept their value");

        // Still holding records when reading stopped: let go as it comes back.
        pool.Return(held);
        Assert.Equal(0, pool.Kept);
        Assert.Equal(0, pool.Lent);
        Assert.True(PagesGivenBack(held, 7), $"{StillWritten(held, 7)} bytes of the returned segment kept their value");

        // Reading again: what comes back is kept for the next answer.
        var next = pool.Rent(Segment);
        Assert.NotSame(kept, next);
        Assert.NotSame(held, next);
        pool.Return(next);
        Assert.Equal(1, pool.Kept);
        Assert.Equal(3, pool.Allocated);
    }
}
