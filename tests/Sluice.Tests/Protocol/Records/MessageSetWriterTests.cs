using System.Buffers.Binary;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

public sealed class MessageSetWriterTests
{
    private static byte[] Write(IReadOnlyList<ProduceRecord> records, byte magic, CompressionCodec codec = CompressionCodec.None, long baseOffset = 0)
    {
        using var writer = new KafkaWriter(16);
        MessageSetWriter.Write(writer, records, magic, codec, baseOffset);
        return writer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Magic_0_message_matches_a_hand_written_layout_and_crc()
    {
        byte[] expected =
        [
            0, 0, 0, 0, 0, 0, 0, 0,   // Offset 0
            0, 0, 0, 16,              // MessageSize: CRC to the end
            0, 0, 0, 0,               // CRC, filled in below
            0,                        // Magic
            0,                        // Attributes
            0xFF, 0xFF, 0xFF, 0xFF,   // Key null
            0, 0, 0, 2, 0x61, 0x62,   // Value "ab"
        ];
        BinaryPrimitives.WriteUInt32BigEndian(expected.AsSpan(12), ReferenceCrc.Crc32Ieee(expected.AsSpan(16)));

        Assert.Equal(expected, Write([new ProduceRecord(null, "ab"u8.ToArray(), 1234)], magic: 0));
    }

    [Fact]
    public void Magic_1_message_carries_its_timestamp_after_the_attributes()
    {
        byte[] expected =
        [
            0, 0, 0, 0, 0, 0, 0, 0,            // Offset 0
            0, 0, 0, 23,                       // MessageSize
            0, 0, 0, 0,                        // CRC, filled in below
            1,                                 // Magic
            0,                                 // Attributes: no codec, CreateTime
            0, 0, 0x01, 0x8B, 0xCF, 0xE5, 0x68, 0x00, // Timestamp 1_700_000_000_000
            0, 0, 0, 1, 0x6B,                  // Key "k"
            0, 0, 0, 0,                        // Value empty
        ];
        BinaryPrimitives.WriteUInt32BigEndian(expected.AsSpan(12), ReferenceCrc.Crc32Ieee(expected.AsSpan(16)));

        Assert.Equal(expected, Write([new ProduceRecord("k"u8.ToArray(), [], 1_700_000_000_000)], magic: 1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Uncompressed_messages_count_offsets_up_from_the_base_with_valid_crcs(byte magic)
    {
        var messages = MessageSetTestParser.Parse(Write(
            [new ProduceRecord([1], [2], 10), new ProduceRecord([3], [4], 20), new ProduceRecord([5], [6], 30)],
            magic, baseOffset: 40));

        Assert.Equal([40L, 41L, 42L], messages.Select(m => m.Offset));
        Assert.All(messages, m => Assert.Equal(m.ComputedCrc, m.Crc));
        Assert.All(messages, m => Assert.Equal((sbyte)magic, m.Magic));
        long?[] expectedTimestamps = magic == 1 ? [10, 20, 30] : [null, null, null];
        Assert.Equal(expectedTimestamps, messages.Select(m => m.Timestamp));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Null_and_empty_key_and_value_are_distinct(byte magic)
    {
        var messages = MessageSetTestParser.Parse(Write(
            [new ProduceRecord(null, null, 1), new ProduceRecord([], [], 1)], magic));

        Assert.Null(messages[0].Key);
        Assert.Null(messages[0].Value);
        Assert.Equal([], messages[1].Key!);
        Assert.Equal([], messages[1].Value!);
    }

    [Fact]
    public void Magic_0_gzip_wrapper_decompresses_to_the_inner_message_set_with_absolute_offsets()
    {
        var records = new[] { new ProduceRecord([1], [10], 5), new ProduceRecord(null, [11], 6), new ProduceRecord([3], null, 7) };
        var wrappers = MessageSetTestParser.Parse(Write(records, magic: 0, CompressionCodec.Gzip, baseOffset: 100));

        var wrapper = Assert.Single(wrappers);
        Assert.Equal(102, wrapper.Offset);
        Assert.Equal(0, wrapper.Magic);
        Assert.Equal(1, wrapper.Attributes);
        Assert.Null(wrapper.Key);
        Assert.Equal(wrapper.ComputedCrc, wrapper.Crc);

        var inner = Gzip.Decompress(wrapper.Value);
        Assert.Equal(Write(records, magic: 0, baseOffset: 100), inner);
        var messages = MessageSetTestParser.Parse(inner);
        Assert.Equal([100L, 101L, 102L], messages.Select(m => m.Offset));
        Assert.All(messages, m => Assert.Equal(0, m.Attributes));
    }

    [Fact]
    public void Magic_1_gzip_wrapper_holds_relative_inner_offsets_and_the_last_offset()
    {
        var records = new[] { new ProduceRecord([1], [10], 500), new ProduceRecord([2], [11], 900), new ProduceRecord([3], [12], 700) };
        var wrappers = MessageSetTestParser.Parse(Write(records, magic: 1, CompressionCodec.Gzip, baseOffset: 100));

        var wrapper = Assert.Single(wrappers);
        Assert.Equal(102, wrapper.Offset);
        Assert.Equal(1, wrapper.Magic);
        Assert.Equal(1, wrapper.Attributes);
        Assert.Equal(900, wrapper.Timestamp);
        Assert.Null(wrapper.Key);
        Assert.Equal(wrapper.ComputedCrc, wrapper.Crc);

        var messages = MessageSetTestParser.Parse(Gzip.Decompress(wrapper.Value));
        Assert.Equal([0L, 1L, 2L], messages.Select(m => m.Offset));
        Assert.Equal([500L, 900L, 700L], messages.Select(m => m.Timestamp!.Value));
        Assert.Equal([[10], [11], [12]], messages.Select(m => m.Value!));
        Assert.All(messages, m => Assert.Equal(m.ComputedCrc, m.Crc));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Records_with_headers_are_refused(byte magic)
    {
        using var writer = new KafkaWriter();
        var error = Assert.Throws<ArgumentException>(() => MessageSetWriter.Write(writer,
            [new ProduceRecord(null, [1], 0), new ProduceRecord(null, [2], 0, [new RecordHeader("h", null)])], magic));

        Assert.Contains("Record 1 has headers", error.Message);
        Assert.Equal(0, writer.Position);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Zstd_is_refused_because_it_exists_only_in_record_batches(byte magic)
    {
        using var writer = new KafkaWriter();
        var error = Assert.Throws<ArgumentException>(() =>
            MessageSetWriter.Write(writer, [new ProduceRecord(null, [1], 0)], magic, CompressionCodec.Zstd));
        Assert.Contains("zstd", error.Message);
    }

    [Fact]
    public void Unknown_codec_id_is_refused_by_id()
    {
        using var writer = new KafkaWriter();
        var error = Assert.Throws<NotSupportedException>(() =>
            MessageSetWriter.Write(writer, [new ProduceRecord(null, [1], 0)], 1, (CompressionCodec)6));
        Assert.Contains("6", error.Message);
    }

    [Fact]
    public void Magic_2_and_empty_sets_are_refused()
    {
        using var writer = new KafkaWriter();
        Assert.Throws<ArgumentOutOfRangeException>(() => MessageSetWriter.Write(writer, [new ProduceRecord(null, [1], 0)], 2));
        Assert.Throws<ArgumentException>(() => MessageSetWriter.Write(writer, [], 0));
    }
}
