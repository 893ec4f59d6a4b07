using System.Buffers.Binary;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

public sealed class RecordSetScannerTests
{
    public static TheoryData<byte, CompressionCodec> Formats() => RecordSetRoundTripTests.LegalFormats();

    [Theory]
    [MemberData(nameof(Formats))]
    public void Whole_entries_scan_to_where_the_decoder_says_the_next_fetch_starts_and_count_their_records(byte magic, CompressionCodec codec)
    {
        var bytes = RecordSets.Entries(magic, codec, 40, 3, 1, 4);
        var decoded = RecordSets.Decode(bytes, out var result, fetchOffset: 40);

        var scan = RecordSetScanner.Scan(bytes, 40);

        Assert.Equal(result.NextOffset, scan.NextOffset);
        Assert.Equal(decoded.Count, scan.EstimatedRecords);
        Assert.Equal(bytes.Length, scan.CompleteLength);
        Assert.False(scan.IncompleteTail);
        Assert.Null(scan.TooSmallEntry);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_cut_last_entry_is_left_out_and_its_size_announced(byte magic, CompressionCodec codec)
    {
        var first = RecordSets.Entries(magic, codec, 0, 2);
        var second = RecordSets.Entries(magic, codec, 2, 1);
        var bytes = RecordSets.Concat(first, second.AsSpan(0, second.Length - 5).ToArray());
        RecordSets.Decode(bytes, out var result);

        var scan = RecordSetScanner.Scan(bytes, 0);

        Assert.Equal(first.Length, scan.CompleteLength);
        Assert.Equal(2, scan.NextOffset);
        Assert.Equal(result.NextOffset, scan.NextOffset);
        Assert.Equal(2, scan.EstimatedRecords);
        Assert.True(scan.IncompleteTail);
        Assert.Equal(second.Length, scan.IncompleteEntrySize);
    }

    [Fact]
    public void Offsets_below_the_fetch_offset_or_at_and_past_the_stop_offset_are_not_counted()
    {
        var bytes = RecordSets.Entries(2, CompressionCodec.None, 10, 5, 5);

        var scan = RecordSetScanner.Scan(bytes, fetchOffset: 12, stopOffset: 17);

        Assert.Equal(20, scan.NextOffset);
        Assert.Equal(5, scan.EstimatedRecords);
    }

    [Fact]
    public void A_compressed_wrapper_counts_the_offsets_up_to_its_last_inner_message()
    {
        var bytes = RecordSets.Entries(1, CompressionCodec.Gzip, 0, 4, 3);

        var scan = RecordSetScanner.Scan(bytes, 0);

        Assert.Equal(7, scan.NextOffset);
        Assert.Equal(7, scan.EstimatedRecords);
    }

    [Fact]
    public void An_entry_smaller_than_any_message_ends_the_scan_and_is_named()
    {
        var good = RecordSets.Entries(1, CompressionCodec.None, 0, 2);
        var broken = new byte[20];
        BinaryPrimitives.WriteInt64BigEndian(broken, 2);
        BinaryPrimitives.WriteInt32BigEndian(broken.AsSpan(8), 3);
        var bytes = RecordSets.Concat(good, broken);

        var scan = RecordSetScanner.Scan(bytes, 0);

        Assert.Equal(good.Length, scan.CompleteLength);
        Assert.Equal(2, scan.NextOffset);
        Assert.Equal((2L, 3), scan.TooSmallEntry);
        Assert.False(scan.IncompleteTail);
    }

    [Fact]
    public void Random_and_damaged_bytes_never_make_the_scan_throw_or_move_backwards()
    {
        var random = new Random(31);
        var valid = RecordSets.Entries(2, CompressionCodec.Lz4, 5, 2, 3, 1);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = i % 2 == 0 ? new byte[random.Next(0, 300)] : (byte[])valid.Clone();
            if (i % 2 == 0)
                random.NextBytes(bytes);
            else
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            if (i % 3 == 0 && bytes.Length > 0)
                bytes = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            var fetchOffset = random.Next(0, 12);

            var scan = RecordSetScanner.Scan(bytes, fetchOffset);

            Assert.InRange(scan.CompleteLength, 0, bytes.Length);
            Assert.True(scan.NextOffset >= fetchOffset, $"sample {i}");
            Assert.True(scan.EstimatedRecords >= 0, $"sample {i}");
            Assert.True(scan.IncompleteEntrySize >= 0, $"sample {i}");
        }
    }
}
