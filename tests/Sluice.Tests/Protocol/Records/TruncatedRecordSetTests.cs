using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

/// <summary>Brokers cut the records at the size limit; the partial last entry is reported, never thrown.</summary>
public sealed class TruncatedRecordSetTests
{
    public static TheoryData<byte, CompressionCodec> Formats() => new()
    {
        { 0, CompressionCodec.None }, { 0, CompressionCodec.Gzip },
        { 1, CompressionCodec.None }, { 1, CompressionCodec.Lz4 },
        { 2, CompressionCodec.None }, { 2, CompressionCodec.Snappy }, { 2, CompressionCodec.Zstd },
    };

    private static ProduceRecord[] Records(int count, int first) =>
        [.. Enumerable.Range(first, count).Select(i => new ProduceRecord([(byte)i], new byte[20], i))];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Cut_at_every_point_of_two_sets_gives_the_first_sets_records_and_an_incomplete_tail(byte magic, CompressionCodec codec)
    {
        // An uncompressed message set is one entry per record, so each set holds one record there.
        var onePerEntry = magic < 2 && codec == CompressionCodec.None;
        var firstCount = onePerEntry ? 1 : 3;
        var secondCount = onePerEntry ? 1 : 2;
        var first = RecordSets.Write(Records(firstCount, 0), magic, codec, baseOffset: 0);
        var second = RecordSets.Write(Records(secondCount, firstCount), magic, codec, baseOffset: firstCount);
        var whole = RecordSets.Concat(first, second);

        for (var cut = 0; cut <= whole.Length; cut++)
        {
            var decoded = RecordSets.Decode(whole[..cut], out var result);

            var firstComplete = cut >= first.Length;
            var expectedCount = cut == whole.Length ? firstCount + secondCount : firstComplete ? firstCount : 0;
            Assert.Equal(expectedCount, decoded.Count);
            Assert.Equal(expectedCount, result.RecordsAdded);
            Assert.Equal(expectedCount, result.NextOffset);
            var tail = cut - (firstComplete ? first.Length : 0);
            Assert.Equal(cut != whole.Length && tail > 0, result.IncompleteTail);
            var partialLength = cut == whole.Length ? 0 : firstComplete ? second.Length : first.Length;
            Assert.Equal(tail >= 12 && cut != whole.Length ? partialLength : 0, result.IncompleteEntrySize);
            Assert.Empty(result.Skipped);
        }
    }

    [Fact]
    public void Single_partial_entry_reports_the_size_it_announced()
    {
        var large = RecordSets.Batch([new ProduceRecord(null, new byte[5_000], 0)], baseOffset: 70);

        var decoded = RecordSets.Decode(large[..1_000], out var result, fetchOffset: 70);

        Assert.Empty(decoded);
        Assert.Equal(new RecordSetDecodeResult(70, 0, true, large.Length, result.Skipped), result);
    }

    [Fact]
    public void Partial_magic_0_message_larger_than_the_fetch_size_reports_its_size_for_a_fetch_v0_consumer()
    {
        var message = RecordSets.MessageSet([new ProduceRecord(null, new byte[2_000_000], 0)], magic: 0, baseOffset: 3);

        RecordSets.Decode(message[..1_048_576], out var result, fetchOffset: 3);

        Assert.True(result.IncompleteTail);
        Assert.Equal(message.Length, result.IncompleteEntrySize);
        Assert.Equal(3, result.NextOffset);
    }

    [Fact]
    public void Fewer_than_twelve_trailing_bytes_are_an_incomplete_tail_of_unknown_size()
    {
        var batch = RecordSets.Batch([new ProduceRecord(null, [1], 0)]);

        var decoded = RecordSets.Decode(RecordSets.Concat(batch, new byte[11]), out var result);

        Assert.Single(decoded);
        Assert.Equal(new RecordSetDecodeResult(1, 1, true, 0, result.Skipped), result);
    }

    [Fact]
    public void Announced_size_near_the_int_limit_is_reported_without_overflow()
    {
        byte[] header = [0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 2];

        RecordSets.Decode(header, out var result, fetchOffset: 1);

        Assert.Equal(int.MaxValue, result.IncompleteEntrySize);
        Assert.True(result.IncompleteTail);
    }
}
