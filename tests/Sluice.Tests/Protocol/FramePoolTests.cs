using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Protocol;

public sealed class FramePoolTests
{
    [Fact]
    public void A_smaller_frame_reuses_the_smallest_array_that_fits()
    {
        var pool = new FramePool(keep: 4);
        var large = pool.Rent(6_000_000);
        var medium = pool.Rent(1_000_000);
        pool.Return(large);
        pool.Return(medium);

        Assert.Same(medium, pool.Rent(700_000));
        Assert.Same(large, pool.Rent(1_500_000));
    }

    [Fact]
    public void New_arrays_are_rounded_up_so_a_slightly_larger_frame_fits_next_time()
    {
        var pool = new FramePool(keep: 2);

        var array = pool.Rent(100_000);
        pool.Return(array);

        Assert.Equal(128 * 1024, array.Length);
        Assert.Same(array, pool.Rent(120_000));
    }

    [Fact]
    public void Beyond_what_it_keeps_the_pool_lets_the_smallest_arrays_go()
    {
        var pool = new FramePool(keep: 2);
        var arrays = new[] { pool.Rent(300_000), pool.Rent(5_000_000), pool.Rent(2_000_000) };
        foreach (var array in arrays)
            pool.Return(array);

        Assert.Equal(2, pool.Kept);
        Assert.Same(arrays[2], pool.Rent(1));
        Assert.Same(arrays[1], pool.Rent(1));
        Assert.NotSame(arrays[0], pool.Rent(1));
    }
}
