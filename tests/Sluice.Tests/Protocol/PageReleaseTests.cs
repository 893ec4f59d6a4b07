using System.Runtime.InteropServices;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;
using Sluice.Tests.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol;

public sealed class PageReleaseTests
{
    private const int Page = 4096;

    private static byte[] Filled(int length)
    {
        var array = GC.AllocateUninitializedArray<byte>(length, pinned: true);
        array.AsSpan().Fill(0xAB);
        return array;
    }

    // Bytes [start, end) of the array that lie in whole pages of the range.
    private static (int First, int Last) WholePages(byte[] pinned, int start, int end)
    {
        var address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);
        var first = (int)(((address + start + Page - 1) & ~(long)(Page - 1)) - address);
        var last = (int)(((address + end) & ~(long)(Page - 1)) - address);
        return (first, Math.Max(first, last));
    }

    [Fact]
    public void Whole_pages_inside_the_range_come_back_as_zeros_and_every_byte_outside_keeps_its_value()
    {
        var array = Filled(8 * Page);
        const int start = 100;
        const int end = (4 * Page) + 50;

        var releasedTo = PageRelease.Release(array, start, end);

        var (first, last) = PageRelease.Supported ? WholePages(array, start, end) : (start, start);
        Assert.Equal(PageRelease.Supported ? last : start, releasedTo);
        for (var i = 0; i < array.Length; i++)
            Assert.True(array[i] == (i >= first && i < last ? 0 : 0xAB), $"byte {i} is {array[i]} (released {first}..{last})");
    }

    [Fact]
    public void A_range_within_one_page_releases_nothing()
    {
        var array = Filled(4 * Page);

        Assert.Equal(10, PageRelease.Release(array, 10, Page - 10));
        Assert.All(array, b => Assert.Equal(0xAB, b));
    }

    [Fact]
    public void Records_decoded_while_their_pages_are_released_are_the_records_and_the_other_partitions_bytes_stay_whole()
    {
        var first = Records(0, 1_500);
        var second = Records(1_500, 700);
        var pool = new FramePool(keep: 2, idle: TimeSpan.FromSeconds(30));
        var array = pool.Rent(first.Length + second.Length);
        first.CopyTo(array, 0);
        second.CopyTo(array, first.Length);
        var frame = new FrameBuffer(pool, array, first.Length + second.Length);
        frame.Retain();
        var a = Chunk(frame, 0, first, 0);
        var b = Chunk(frame, first.Length, second, 1_500);

        var fromA = new List<ConsumedRecord>();
        while (!a.IsExhausted)
            a.DecodeInto(fromA, 100, []);
        var fromB = new List<ConsumedRecord>();
        while (!b.IsExhausted)
            b.DecodeInto(fromB, 100, []);

        AssertSame(RecordSets.Decode(first), fromA);
        AssertSame(RecordSets.Decode(second, 1_500), fromB);
        if (PageRelease.Supported)
        {
            // The first partition's bytes have gone back to the system, as zero pages, except where a page is
            // shared with bytes outside them.
            var (from, to) = WholePages(array, 0, first.Length);
            Assert.True(to - from > first.Length / 2);
            Assert.All(array[from..to], x => Assert.Equal(0, x));
        }

        Assert.Equal(1, pool.Kept);
    }

    // 1 KiB values, so a partition's part spans many pages and several release steps.
    private static byte[] Records(long baseOffset, int count) =>
        RecordSets.MessageSet(
            Enumerable.Range(0, count).Select(i => new ProduceRecord(null, Enumerable.Repeat((byte)(1 + ((baseOffset + i) % 250)), 1024).ToArray(), 1_700_000_000_000 + i)).ToArray(),
            magic: 1,
            CompressionCodec.None,
            baseOffset);

    private static RecordChunk Chunk(FrameBuffer frame, int start, byte[] bytes, long fetchOffset)
    {
        var answer = RecordSets.AnswerInFrame(frame, start, bytes.Length, highWatermark: 10_000);
        var scan = RecordSetScanner.Scan(bytes, fetchOffset, long.MaxValue);
        return new RecordChunk(answer, scan.CompleteLength, RecordSets.Topic, RecordSets.Partition, fetchOffset, scan.NextOffset, long.MaxValue, RecordDecodeOptions.Default, releasePages: true);
    }

    private static void AssertSame(List<ConsumedRecord> expected, List<ConsumedRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Offset, actual[i].Offset);
            Assert.Equal(expected[i].Value, actual[i].Value);
        }
    }
}
