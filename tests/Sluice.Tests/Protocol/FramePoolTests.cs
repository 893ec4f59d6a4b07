using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Protocol;

public sealed class FramePoolTests
{
    [Fact]
    public void A_frame_goes_into_the_least_written_array_whose_written_pages_already_cover_it()
    {
        var pool = new FramePool(keep: 4, idle: TimeSpan.FromSeconds(30));
        var large = pool.Rent(6_000_000);
        var medium = pool.Rent(1_000_000);
        pool.Return(large);
        pool.Return(medium);

        Assert.Same(medium, pool.Rent(700_000));
        Assert.Same(large, pool.Rent(1_500_000));
        Assert.Equal(7_000_000, pool.Written);
    }

    [Fact]
    public void A_new_array_has_room_for_twice_its_frame_so_a_kept_one_takes_a_larger_frame_later()
    {
        var pool = new FramePool(keep: 4, idle: TimeSpan.FromSeconds(30));
        var first = pool.Rent(1_000_000);
        pool.Return(first);

        Assert.Equal(2 * 1_048_576, first.Length);
        Assert.Same(first, pool.Rent(1_900_000));
        Assert.Equal(1_900_000, pool.Written);
    }

    [Fact]
    public void When_no_array_has_written_enough_the_most_written_one_is_lent_so_the_fewest_new_pages_are_touched()
    {
        var pool = new FramePool(keep: 4, idle: TimeSpan.FromSeconds(30));
        var more = pool.Rent(1_000_000);
        var less = pool.Rent(600_000);
        pool.Return(less);
        pool.Return(more);

        Assert.Same(more, pool.Rent(1_010_000));
        Assert.Equal(1_610_000, pool.Written);
    }

    [Fact]
    public void New_arrays_are_rounded_up_to_whole_64_KiB_steps_before_doubling()
    {
        var pool = new FramePool(keep: 2, idle: TimeSpan.FromSeconds(30));

        var array = pool.Rent(100_000);

        Assert.Equal(2 * 128 * 1024, array.Length);
    }

    [Fact]
    public void Beyond_what_it_keeps_the_pool_lets_the_least_written_arrays_go()
    {
        var pool = new FramePool(keep: 2, idle: TimeSpan.FromSeconds(30));
        var arrays = new[] { pool.Rent(300_000), pool.Rent(5_000_000), pool.Rent(2_000_000) };
        foreach (var array in arrays)
            pool.Return(array);

        Assert.Equal(2, pool.Kept);
        Assert.Equal(7_000_000, pool.Written);
        Assert.Same(arrays[2], pool.Rent(1));
        Assert.Same(arrays[1], pool.Rent(1));
        Assert.NotSame(arrays[0], pool.Rent(1));
    }

    [Fact]
    public void An_array_returned_with_clearing_is_zeroed_as_far_as_it_was_written()
    {
        var pool = new FramePool(keep: 2, idle: TimeSpan.FromSeconds(30));
        var array = pool.Rent(1_000);
        array.AsSpan(0, 1_000).Fill(7);

        pool.Return(array, clearArray: true);

        Assert.All(array.AsSpan(0, 1_000).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void An_array_the_pool_did_not_allocate_never_has_its_pages_given_back()
    {
        var pool = new FramePool(keep: 2, idle: TimeSpan.FromSeconds(30));
        var foreign = new byte[64 * 1024];
        foreign.AsSpan().Fill(7);
        pool.Return(foreign);
        var lent = pool.Rent(foreign.Length);
        var frame = new FrameBuffer(pool, lent, lent.Length);

        var releasedTo = frame.Discard(0, lent.Length);

        Assert.Same(foreign, lent);
        Assert.False(pool.IsPinned(foreign));
        Assert.Equal(0, releasedTo);
        Assert.All(foreign, b => Assert.Equal(7, b));
    }

    [Fact]
    public void An_array_the_pool_allocated_is_known_to_be_pinned()
    {
        var pool = new FramePool(keep: 2, idle: TimeSpan.FromSeconds(30));
        var array = pool.Rent(64 * 1024);

        Assert.True(pool.IsPinned(array));
    }

    [Fact]
    public void Arrays_nothing_rented_for_the_idle_time_are_let_go_with_their_pages_and_the_ones_in_use_stay()
    {
        var pool = new FramePool(keep: 4, idle: TimeSpan.FromSeconds(30));
        var busy = pool.Rent(1_000_000);
        var burst = pool.Rent(2_000_000);
        burst.AsSpan(0, 2_000_000).Fill(9);
        pool.Return(burst);
        pool.Return(busy);
        var returned = Environment.TickCount64;
        Assert.Same(busy, pool.Rent(900_000));

        Assert.Equal(0, pool.Trim(returned + 29_000));
        Assert.Equal(1, pool.Kept);

        Assert.Equal(1, pool.Trim(returned + 31_000));

        Assert.Equal(0, pool.Kept);
        Assert.Equal(1_000_000, pool.Written);
        // Every whole page of the array went back: only the page it starts in (shared with its header) and the
        // page it ends in may keep their bytes.
        if (PageRelease.Supported)
            Assert.InRange(burst.AsSpan(0, 2_000_000).Count((byte)9), 0, 2 * Environment.SystemPageSize);
        pool.Return(busy);
        Assert.Same(busy, pool.Rent(1_000_000));
    }

    [Fact]
    public void An_array_given_back_again_starts_its_idle_time_anew()
    {
        var pool = new FramePool(keep: 2, idle: TimeSpan.FromSeconds(30));
        var array = pool.Rent(64 * 1024);
        pool.Return(array);
        var first = Environment.TickCount64;
        Assert.Same(array, pool.Rent(64 * 1024));
        pool.Return(array);

        Assert.Equal(0, pool.Trim(Environment.TickCount64 + 29_000));
        Assert.Equal(1, pool.Trim(Math.Max(first, Environment.TickCount64) + 31_000));
    }

    [Fact]
    public void Letting_go_of_all_gives_back_every_kept_array_and_each_one_returned_until_the_next_rent()
    {
        var pool = new FramePool(keep: 4, idle: TimeSpan.FromSeconds(30));
        var kept = pool.Rent(1_000_000);
        var held = pool.Rent(1_000_000);
        kept.AsSpan(0, 1_000_000).Fill(9);
        held.AsSpan(0, 1_000_000).Fill(9);
        pool.Return(kept);

        Assert.Equal(1, pool.LetGoOfAll());
        Assert.Equal(0, pool.Kept);
        pool.Return(held);
        Assert.Equal(0, pool.Kept);
        Assert.Equal(0, pool.Written);
        if (PageRelease.Supported)
        {
            Assert.InRange(kept.AsSpan(0, 1_000_000).Count((byte)9), 0, 2 * Environment.SystemPageSize);
            Assert.InRange(held.AsSpan(0, 1_000_000).Count((byte)9), 0, 2 * Environment.SystemPageSize);
        }

        var next = pool.Rent(1_000_000);
        Assert.NotSame(kept, next);
        pool.Return(next);
        Assert.Equal(1, pool.Kept);
    }
}
