using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

/// <summary>What the writers write, the decoder reads back exactly, in every legal format and codec.</summary>
public sealed class RecordSetRoundTripTests
{
    public static TheoryData<byte, CompressionCodec> LegalFormats()
    {
        var data = new TheoryData<byte, CompressionCodec>();
        foreach (var magic in new byte[] { 0, 1 })
        {
            foreach (var codec in new[] { CompressionCodec.None, CompressionCodec.Gzip, CompressionCodec.Snappy, CompressionCodec.Lz4 })
                data.Add(magic, codec);
        }

        foreach (var codec in Enum.GetValues<CompressionCodec>())
            data.Add(2, codec);
        return data;
    }

    private static ProduceRecord[] Mixed()
    {
        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        return
        [
            new ProduceRecord(null, null, 1_700_000_000_000),
            new ProduceRecord([], [], 1_700_000_000_001),
            new ProduceRecord(binary, binary.Reverse().ToArray(), 1_699_999_999_999),
            new ProduceRecord([0x00], null, 1_700_000_000_500),
            new ProduceRecord(null, new byte[70_000], 1_700_000_000_002),
        ];
    }

    [Theory]
    [MemberData(nameof(LegalFormats))]
    public void Keys_values_and_timestamps_come_back_exactly(byte magic, CompressionCodec codec)
    {
        var records = Mixed();
        var bytes = RecordSets.Write(records, magic, codec, baseOffset: 40);

        var decoded = RecordSets.Decode(bytes, out var result, fetchOffset: 40);

        Assert.Equal(records.Length, decoded.Count);
        Assert.Equal(new RecordSetDecodeResult(45, 5, false, 0, []), result with { Skipped = [] });
        Assert.Empty(result.Skipped);
        for (var i = 0; i < records.Length; i++)
        {
            var record = decoded[i];
            Assert.Equal(RecordSets.Topic, record.Topic);
            Assert.Equal(RecordSets.Partition, record.Partition);
            Assert.Equal(40 + i, record.Offset);
            Assert.Equal(records[i].Key, record.Key);
            Assert.Equal(records[i].Value, record.Value);
            Assert.Empty(record.Headers);
            if (magic == 0)
            {
                Assert.Equal(TimestampType.NotAvailable, record.TimestampType);
                Assert.Equal(-1, record.Timestamp);
            }
            else
            {
                Assert.Equal(TimestampType.CreateTime, record.TimestampType);
                Assert.Equal(records[i].TimestampMs, record.Timestamp);
            }

            Assert.Equal(-1, record.LeaderEpoch);
        }
    }

    [Theory]
    [MemberData(nameof(LegalFormats))]
    public void Null_and_empty_stay_distinct(byte magic, CompressionCodec codec)
    {
        var decoded = RecordSets.Decode(RecordSets.Write([new ProduceRecord(null, [], 1), new ProduceRecord([], null, 2)], magic, codec));

        Assert.Null(decoded[0].Key);
        Assert.NotNull(decoded[0].Value);
        Assert.Empty(decoded[0].Value!);
        Assert.NotNull(decoded[1].Key);
        Assert.Empty(decoded[1].Key!);
        Assert.Null(decoded[1].Value);
    }

    [Theory]
    [InlineData(CompressionCodec.None)]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    public void Record_batch_headers_come_back_in_order_with_null_and_empty_values(CompressionCodec codec)
    {
        RecordHeader[] headers = [new("trace", [1, 2, 3]), new("empty", []), new("none", null), new("trace", [4]), new("ünïcode", [0xFF])];
        var bytes = RecordSets.Batch([new ProduceRecord([9], [8], 5, headers), new ProduceRecord(null, [7], 6)], codec);

        var decoded = RecordSets.Decode(bytes);

        Assert.Equal(headers.Select(h => h.Key), decoded[0].Headers.Select(h => h.Key));
        Assert.Equal(headers.Select(h => h.Value), decoded[0].Headers.Select(h => h.Value));
        Assert.Empty(decoded[1].Headers);
    }

    [Theory]
    [MemberData(nameof(LegalFormats))]
    public void Many_sets_back_to_back_decode_in_offset_order(byte magic, CompressionCodec codec)
    {
        var first = RecordSets.Write(Mixed(), magic, codec, baseOffset: 0);
        var second = RecordSets.Write([new ProduceRecord([1], [2], 3)], magic, codec, baseOffset: 5);
        var third = RecordSets.Write(Mixed(), magic, codec, baseOffset: 6);

        var decoded = RecordSets.Decode(RecordSets.Concat(first, second, third), out var result);

        Assert.Equal(Enumerable.Range(0, 11).Select(i => (long)i), decoded.Offsets());
        Assert.Equal(11, result.NextOffset);
        Assert.Equal(11, result.RecordsAdded);
    }

    [Fact]
    public void Output_collection_receives_records_after_those_already_in_it()
    {
        var output = new List<ConsumedRecord> { new("other", 0, 99, 0, TimestampType.CreateTime, null, null, [], -1) };

        var result = RecordSetDecoder.Decode(RecordSets.Batch([new ProduceRecord(null, [1], 0)]), "t", 0, 0, RecordDecodeOptions.Default, null, output);

        Assert.Equal(1, result.RecordsAdded);
        Assert.Equal(["other", "t"], output.Select(r => r.Topic));
    }

    [Fact]
    public void Empty_records_decode_to_nothing_at_the_fetch_offset()
    {
        var decoded = RecordSets.Decode([], out var result, fetchOffset: 17);

        Assert.Empty(decoded);
        Assert.Equal(new RecordSetDecodeResult(17, 0, false, 0, result.Skipped), result);
        Assert.Empty(result.Skipped);
    }
}
