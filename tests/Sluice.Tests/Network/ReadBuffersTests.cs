using System.Buffers;
using Sluice.Network;
using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Network;

public sealed class ReadBuffersTests
{
    private const int Segment = 64 * 1024;

    private static ReadBuffers Buffers() =>
        new(new FramePool(keep: 4, idle: TimeSpan.FromSeconds(30)), new SegmentPool(Segment, TimeSpan.FromSeconds(30)));

    private static byte[] Used(ArrayPool<byte> pool, int length)
    {
        var array = pool.Rent(length);
        array.AsSpan(0, length).Fill(5);
        return array;
    }

    [Fact]
    public void The_pools_keep_what_comes_back_while_any_connection_is_open_and_give_it_all_back_when_the_last_one_closes()
    {
        var buffers = Buffers();
        buffers.Opened();
        buffers.Opened();
        var segment = Used(buffers.Segments, Segment);
        var frame = Used(buffers.Frames, 200_000);
        buffers.Segments.Return(segment);
        buffers.Frames.Return(frame);

        buffers.Closed();
        Assert.Equal(1, buffers.Segments.Kept);
        Assert.Equal(1, buffers.Frames.Kept);

        buffers.Closed();
        Assert.Equal(0, buffers.Segments.Kept);
        Assert.Equal(0, buffers.Frames.Kept);
        if (PageRelease.Supported)
        {
            Assert.InRange(segment.AsSpan().Count((byte)5), 0, 2 * Environment.SystemPageSize);
            Assert.InRange(frame.AsSpan(0, 200_000).Count((byte)5), 0, 2 * Environment.SystemPageSize);
        }
    }

    [Fact]
    public void Segments_still_holding_records_when_the_last_connection_closed_are_let_go_as_they_come_back_until_a_connection_reads_again()
    {
        var buffers = Buffers();
        buffers.Opened();
        var held = buffers.Segments.Rent(Segment);

        buffers.Closed();
        buffers.Segments.Return(held);
        Assert.Equal(0, buffers.Segments.Kept);

        buffers.Opened();
        var next = buffers.Segments.Rent(Segment);
        buffers.Segments.Return(next);
        Assert.Equal(1, buffers.Segments.Kept);
    }
}
