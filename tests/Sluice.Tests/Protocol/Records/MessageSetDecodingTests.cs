using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

/// <summary>Magic 0/1 message set decoding against hand-built messages and wrappers.</summary>
public sealed class MessageSetDecodingTests
{
    private static byte[] Compress(CompressionCodec codec, byte[] plain, byte magic)
    {
        using var writer = new KafkaWriter();
        Codecs.For(codec).Compress(plain, writer, magic);
        return writer.WrittenSpan.ToArray();
    }

    // Inner magic 1 messages at relative offsets 0, 1, 2, with their own create times.
    private static byte[] RelativeInnerSet() => RecordSets.Concat(
        LegacyBuilder.Entry(0, LegacyBuilder.Message(1, 0, 1_000, [0xA0], [0x00])),
        LegacyBuilder.Entry(1, LegacyBuilder.Message(1, 0, 1_001, null, [0x01])),
        LegacyBuilder.Entry(2, LegacyBuilder.Message(1, 0, 1_002, [0xA2], null)));

    [Fact]
    public void Plain_magic_0_message_decodes_without_a_timestamp()
    {
        var bytes = LegacyBuilder.Entry(7, LegacyBuilder.Message(0, 0, 0, [1], [2, 3]));

        var record = Assert.Single(RecordSets.Decode(bytes, out var result, fetchOffset: 7));

        Assert.Equal((7L, -1L, TimestampType.NotAvailable, -1), (record.Offset, record.Timestamp, record.TimestampType, record.LeaderEpoch));
        Assert.Equal([1], record.Key);
        Assert.Equal([2, 3], record.Value);
        Assert.Equal(8, result.NextOffset);
    }

    [Theory]
    [InlineData(0x00, TimestampType.CreateTime)]
    [InlineData(0x08, TimestampType.LogAppendTime)]
    public void Plain_magic_1_message_carries_its_timestamp_and_type(byte attributes, TimestampType type)
    {
        var bytes = LegacyBuilder.Entry(7, LegacyBuilder.Message(1, attributes, 123_456, null, [2]));

        var record = Assert.Single(RecordSets.Decode(bytes));

        Assert.Equal((123_456L, type), (record.Timestamp, record.TimestampType));
    }

    [Fact]
    public void Magic_1_wrapper_with_relative_inner_offsets_gives_absolute_offsets_ending_at_the_wrapper_offset()
    {
        var wrapper = LegacyBuilder.Message(1, (byte)CompressionCodec.Gzip, 1_002, null, Compress(CompressionCodec.Gzip, RelativeInnerSet(), 1));

        var decoded = RecordSets.Decode(LegacyBuilder.Entry(52, wrapper), out var result, fetchOffset: 50);

        Assert.Equal([50L, 51L, 52L], decoded.Offsets());
        Assert.Equal([1_000L, 1_001L, 1_002L], decoded.Select(r => r.Timestamp));
        Assert.All(decoded, r => Assert.Equal(TimestampType.CreateTime, r.TimestampType));
        Assert.Equal([0xA0], decoded[0].Key);
        Assert.Null(decoded[1].Key);
        Assert.Null(decoded[2].Value);
        Assert.Equal(53, result.NextOffset);
    }

    [Fact]
    public void Magic_1_wrapper_with_log_append_time_gives_its_timestamp_to_every_inner_message()
    {
        var wrapper = LegacyBuilder.Message(1, (byte)CompressionCodec.Gzip | 0x08, 77_000, null, Compress(CompressionCodec.Gzip, RelativeInnerSet(), 1));

        var decoded = RecordSets.Decode(LegacyBuilder.Entry(52, wrapper), fetchOffset: 50);

        Assert.All(decoded, r => Assert.Equal((77_000L, TimestampType.LogAppendTime), (r.Timestamp, r.TimestampType)));
    }

    [Fact]
    public void Magic_1_wrapper_at_offset_0_takes_the_inner_offsets_as_they_are_as_java_does()
    {
        var wrapper = LegacyBuilder.Message(1, (byte)CompressionCodec.Gzip, 1_002, null, Compress(CompressionCodec.Gzip, RelativeInnerSet(), 1));

        var decoded = RecordSets.Decode(LegacyBuilder.Entry(0, wrapper), out var result);

        Assert.Equal([0L, 1L, 2L], decoded.Offsets());
        Assert.Equal(3, result.NextOffset);
    }

    [Fact]
    public void Magic_1_wrapper_offset_below_the_last_inner_offset_is_corrupt()
    {
        var wrapper = LegacyBuilder.Message(1, (byte)CompressionCodec.Gzip, 1_002, null, Compress(CompressionCodec.Gzip, RelativeInnerSet(), 1));

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(LegacyBuilder.Entry(1, wrapper)));

        Assert.Contains("below the last inner relative offset", error.Message);
    }

    [Fact]
    public void Magic_0_wrapper_keeps_its_absolute_inner_offsets()
    {
        var inner = RecordSets.Concat(
            LegacyBuilder.Entry(20, LegacyBuilder.Message(0, 0, 0, null, [20])),
            LegacyBuilder.Entry(21, LegacyBuilder.Message(0, 0, 0, null, [21])),
            LegacyBuilder.Entry(22, LegacyBuilder.Message(0, 0, 0, null, [22])));
        var wrapper = LegacyBuilder.Message(0, (byte)CompressionCodec.Snappy, 0, null, Compress(CompressionCodec.Snappy, inner, 0));

        var decoded = RecordSets.Decode(LegacyBuilder.Entry(22, wrapper), out var result, fetchOffset: 20);

        Assert.Equal([20L, 21L, 22L], decoded.Offsets());
        Assert.Equal([[20], [21], [22]], decoded.Select(r => r.Value!));
        Assert.All(decoded, r => Assert.Equal(TimestampType.NotAvailable, r.TimestampType));
        Assert.Equal(23, result.NextOffset);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Fetch_offset_inside_a_wrapper_skips_the_inner_messages_below_it(byte magic)
    {
        var bytes = RecordSets.MessageSet([.. Enumerable.Range(0, 5).Select(i => new ProduceRecord(null, [(byte)i], i))], magic, CompressionCodec.Lz4, baseOffset: 30);

        var decoded = RecordSets.Decode(bytes, out var result, fetchOffset: 33);

        Assert.Equal([33L, 34L], decoded.Offsets());
        Assert.Equal(35, result.NextOffset);
    }

    [Fact]
    public void Lz4_frame_with_the_broken_magic_0_header_checksum_decodes_in_a_magic_0_wrapper()
    {
        var inner = RecordSets.Concat(
            LegacyBuilder.Entry(4, LegacyBuilder.Message(0, 0, 0, [1], [2])),
            LegacyBuilder.Entry(5, LegacyBuilder.Message(0, 0, 0, [3], [4])));
        var frame = Lz4FrameBytes.StoredBlockFrame(inner, brokenHeaderChecksum: true);

        var decoded = RecordSets.Decode(LegacyBuilder.Entry(5, LegacyBuilder.Message(0, (byte)CompressionCodec.Lz4, 0, null, frame)), fetchOffset: 4);

        Assert.Equal([4L, 5L], decoded.Offsets());
        Assert.Equal([[2], [4]], decoded.Select(r => r.Value!));
    }

    [Fact]
    public void Lz4_frame_with_the_broken_header_checksum_is_corrupt_in_a_magic_1_wrapper()
    {
        var frame = Lz4FrameBytes.StoredBlockFrame(RelativeInnerSet(), brokenHeaderChecksum: true);

        var error = Assert.Throws<CorruptBatchException>(() =>
            RecordSets.Decode(LegacyBuilder.Entry(2, LegacyBuilder.Message(1, (byte)CompressionCodec.Lz4, 0, null, frame))));

        Assert.Contains("header checksum", error.Message);
        Assert.IsType<DecompressionException>(error.InnerException);
    }

    [Fact]
    public void Raw_snappy_block_as_librdkafka_writes_it_decodes()
    {
        var wrapper = LegacyBuilder.Message(1, (byte)CompressionCodec.Snappy, 0, null, SnappyBytes.RawLiteralBlock(RelativeInnerSet()));

        var decoded = RecordSets.Decode(LegacyBuilder.Entry(12, wrapper), fetchOffset: 10);

        Assert.Equal([10L, 11L, 12L], decoded.Offsets());
    }

    [Fact]
    public void Xerial_framed_snappy_as_java_writes_it_decodes()
    {
        var inner = RelativeInnerSet();
        var framed = SnappyBytes.Xerial(SnappyBytes.RawLiteralBlock(inner[..40]), SnappyBytes.RawLiteralBlock(inner[40..]));
        var wrapper = LegacyBuilder.Message(1, (byte)CompressionCodec.Snappy, 0, null, framed);

        var decoded = RecordSets.Decode(LegacyBuilder.Entry(12, wrapper), fetchOffset: 10);

        Assert.Equal([10L, 11L, 12L], decoded.Offsets());
        Assert.Equal([0xA0], decoded[0].Key);
    }

    [Fact]
    public void Zstd_in_a_magic_1_wrapper_is_corrupt_because_it_exists_only_in_record_batches()
    {
        var wrapper = LegacyBuilder.Message(1, (byte)CompressionCodec.Zstd, 0, null, Compress(CompressionCodec.Zstd, RelativeInnerSet(), 2));

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(LegacyBuilder.Entry(2, wrapper)));

        Assert.Contains("not legal", error.Message);
    }

    [Fact]
    public void Wrapper_with_a_null_value_is_corrupt()
    {
        var error = Assert.Throws<CorruptBatchException>(() =>
            RecordSets.Decode(LegacyBuilder.Entry(2, LegacyBuilder.Message(1, (byte)CompressionCodec.Gzip, 0, null, null))));

        Assert.Contains("null value", error.Message);
    }

    [Fact]
    public void Nested_compression_is_corrupt()
    {
        var innerWrapper = LegacyBuilder.Message(1, (byte)CompressionCodec.Gzip, 0, null, Compress(CompressionCodec.Gzip, RelativeInnerSet(), 1));
        var outer = LegacyBuilder.Message(1, (byte)CompressionCodec.Gzip, 0, null, Compress(CompressionCodec.Gzip, LegacyBuilder.Entry(0, innerWrapper), 1));

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(LegacyBuilder.Entry(0, outer)));

        Assert.Contains("compressed again", error.Message);
    }

    [Fact]
    public void Inner_message_with_a_bad_crc_fails_the_whole_wrapper()
    {
        var inner = RelativeInnerSet();
        inner[^5] ^= 0x01; // the last inner message's key byte
        var wrapper = LegacyBuilder.Message(1, (byte)CompressionCodec.Gzip, 0, null, Compress(CompressionCodec.Gzip, inner, 1));

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(LegacyBuilder.Entry(2, wrapper)));

        Assert.Contains("inner message at offset 2", error.Message);
        Assert.NotNull(error.ExpectedCrc);

        Assert.Equal(3, RecordSets.Decode(LegacyBuilder.Entry(2, wrapper), options: RecordDecodeOptions.Default.WithCheckCrcs(false)).Count);
    }

    [Fact]
    public void Magic_0_1_and_2_entries_mixed_in_one_answer_decode_in_order()
    {
        // A broker that converted formats over time serves old segments in their old format.
        var bytes = RecordSets.Concat(
            RecordSets.MessageSet([new ProduceRecord(null, [0], 0)], 0, baseOffset: 0),
            RecordSets.MessageSet([new ProduceRecord(null, [1], 1), new ProduceRecord(null, [2], 2)], 1, CompressionCodec.Gzip, baseOffset: 1),
            RecordSets.Batch([new ProduceRecord(null, [3], 3)], CompressionCodec.Zstd, baseOffset: 3));

        var decoded = RecordSets.Decode(bytes, out var result);

        Assert.Equal([0L, 1L, 2L, 3L], decoded.Offsets());
        Assert.Equal(4, result.NextOffset);
    }

    [Theory]
    [InlineData(2, "61-byte header")]
    [InlineData(5, "magic 5 is no record format")]
    public void Magic_at_byte_16_decides_the_format(byte magic, string reason)
    {
        var message = LegacyBuilder.Entry(9, LegacyBuilder.Message(1, 0, 5, null, [1]));
        Assert.Equal(1, message[16]);
        message[16] = magic;

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(message));

        Assert.Contains(reason, error.Message);
        Assert.Equal(9, error.BaseOffset);
    }
}
