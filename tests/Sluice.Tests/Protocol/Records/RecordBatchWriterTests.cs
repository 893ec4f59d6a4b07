using System.Buffers.Binary;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

public sealed class RecordBatchWriterTests
{
    private static byte[] Write(IReadOnlyList<ProduceRecord> records, CompressionCodec codec = CompressionCodec.None, long baseOffset = 0)
    {
        using var writer = new KafkaWriter(16);
        RecordBatchWriter.Write(writer, records, codec, baseOffset);
        return writer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Small_batch_matches_a_hand_written_layout_byte_for_byte()
    {
        var records = new[]
        {
            new ProduceRecord([0x01], [0x02, 0x03], 1000),
            new ProduceRecord(null, [], 999),
        };

        byte[] expected =
        [
            0, 0, 0, 0, 0, 0, 0, 0,             // BaseOffset 0
            0, 0, 0, 66,                        // BatchLength: 78 bytes - 12
            0xFF, 0xFF, 0xFF, 0xFF,             // PartitionLeaderEpoch -1
            2,                                  // Magic
            0, 0, 0, 0,                         // CRC, filled in below
            0, 0,                               // Attributes: no codec, CreateTime
            0, 0, 0, 1,                         // LastOffsetDelta
            0, 0, 0, 0, 0, 0, 0x03, 0xE8,       // BaseTimestamp 1000 (the first record's)
            0, 0, 0, 0, 0, 0, 0x03, 0xE8,       // MaxTimestamp 1000
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // ProducerId -1
            0xFF, 0xFF,                         // ProducerEpoch -1
            0xFF, 0xFF, 0xFF, 0xFF,             // BaseSequence -1
            0, 0, 0, 2,                         // RecordCount
            0x12,                               // record 0: length 9
            0x00, 0x00, 0x00,                   //   attributes, timestampDelta 0, offsetDelta 0
            0x02, 0x01,                         //   key length 1, key
            0x04, 0x02, 0x03,                   //   value length 2, value
            0x00,                               //   no headers
            0x0C,                               // record 1: length 6
            0x00, 0x01, 0x02,                   //   attributes, timestampDelta -1, offsetDelta 1
            0x01,                               //   key null (-1)
            0x00,                               //   value empty (0)
            0x00,                               //   no headers
        ];
        BinaryPrimitives.WriteUInt32BigEndian(expected.AsSpan(17), ReferenceCrc.Crc32C(expected.AsSpan(21)));

        Assert.Equal(expected, Write(records));
    }

    [Fact]
    public void Record_batch_header_fields_sit_at_their_offsets()
    {
        var records = new[]
        {
            new ProduceRecord([1], [2], 5_000),
            new ProduceRecord([3], [4], 7_000),
            new ProduceRecord([5], [6], 6_000),
        };
        var bytes = Write(records, baseOffset: 0x0102030405060708);

        Assert.Equal(0x0102030405060708, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(0)));
        Assert.Equal(bytes.Length - 12, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12)));
        Assert.Equal(2, bytes[16]);
        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(21)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(23)));
        Assert.Equal(5_000, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(27)));
        Assert.Equal(7_000, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(35)));
        Assert.Equal(-1, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(43)));
        Assert.Equal(-1, BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(51)));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(53)));
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(57)));
        Assert.Equal(61, RecordBatchWriter.HeaderSize);
    }

    [Fact]
    public void Record_batch_crc_covers_attributes_to_the_end()
    {
        var bytes = Write([new ProduceRecord([1, 2, 3], [4, 5, 6], 123), new ProduceRecord(null, [7], 456)]);
        var crc = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(17));

        Assert.Equal(ReferenceCrc.Crc32C(bytes.AsSpan(21)), crc);
        Assert.NotEqual(ReferenceCrc.Crc32C(bytes.AsSpan(17)), crc);
        Assert.NotEqual(ReferenceCrc.Crc32C(bytes.AsSpan(21, bytes.Length - 22)), crc);
    }

    [Fact]
    public void Base_offset_and_leader_epoch_lie_outside_the_crc()
    {
        var at0 = Write([new ProduceRecord([1], [2], 3)]);
        var at99 = Write([new ProduceRecord([1], [2], 3)], baseOffset: 99);

        Assert.Equal(at0.AsSpan(17, 4).ToArray(), at99.AsSpan(17, 4).ToArray());
    }

    [Fact]
    public void Multi_byte_zigzag_varints_encode_known_values()
    {
        var value = new byte[200];
        var bytes = Write([new ProduceRecord(null, [], 0), new ProduceRecord(null, value, 300)]);
        var parsed = RecordBatchTestParser.Parse(bytes);

        // Record 0 takes 7 bytes. Record 1: length 1+2+1+1+2+200+1 = 208 -> zigzag 416 = A0 03; attributes 00;
        // timestampDelta 300 -> zigzag 600 = D8 04; offsetDelta 1 -> 02; key null -> 01; value length 200 -> zigzag 400 = 90 03.
        var second = parsed.RecordArray.AsSpan(7);
        Assert.Equal([0xA0, 0x03, 0x00, 0xD8, 0x04, 0x02, 0x01, 0x90, 0x03], second[..9].ToArray());
        Assert.Equal(208, parsed.Records[1].Length);
        Assert.Equal(300, parsed.Records[1].TimestampDelta);
    }

    [Fact]
    public void Timestamps_before_the_first_record_give_negative_deltas_and_the_max_timestamp()
    {
        var parsed = RecordBatchTestParser.Parse(Write(
        [
            new ProduceRecord(null, [1], 1_700_000_000_000),
            new ProduceRecord(null, [2], 1_699_999_999_000),
            new ProduceRecord(null, [3], 1_700_000_005_000),
        ]));

        Assert.Equal(1_700_000_000_000, parsed.BaseTimestamp);
        Assert.Equal(1_700_000_005_000, parsed.MaxTimestamp);
        Assert.Equal([0L, -1_000L, 5_000L], parsed.Records.Select(r => r.TimestampDelta));
        Assert.Equal([0, 1, 2], parsed.Records.Select(r => r.OffsetDelta));
    }

    [Fact]
    public void Null_and_empty_key_and_value_are_distinct()
    {
        var parsed = RecordBatchTestParser.Parse(Write(
        [
            new ProduceRecord(null, null, 1),
            new ProduceRecord([], [], 1),
            new ProduceRecord(null, [], 1),
            new ProduceRecord([], null, 1),
        ]));

        Assert.Null(parsed.Records[0].Key);
        Assert.Null(parsed.Records[0].Value);
        Assert.Equal([], parsed.Records[1].Key!);
        Assert.Equal([], parsed.Records[1].Value!);
        Assert.Null(parsed.Records[2].Key);
        Assert.Equal([], parsed.Records[2].Value!);
        Assert.Equal([], parsed.Records[3].Key!);
        Assert.Null(parsed.Records[3].Value);
    }

    [Fact]
    public void Headers_round_through_the_layout()
    {
        var record = new ProduceRecord([1], [2], 10,
        [
            new RecordHeader("trace", [0xAA, 0xBB]),
            new RecordHeader("empty", []),
            new RecordHeader("none", null),
            new RecordHeader("clé", [0x01]),
        ]);
        var bytes = Write([record]);
        var parsed = RecordBatchTestParser.Parse(bytes);

        var headers = parsed.Records[0].Headers;
        Assert.Equal(["trace", "empty", "none", "clé"], headers.Select(h => h.Key));
        Assert.Equal([0xAA, 0xBB], headers[0].Value!);
        Assert.Equal([], headers[1].Value!);
        Assert.Null(headers[2].Value);
        Assert.Equal([0x01], headers[3].Value!);

        // The header section as raw bytes: count 4, then "clé" is 4 UTF-8 bytes (zigzag 8) and its value 1 byte.
        var tail = parsed.RecordArray.AsSpan(parsed.RecordArray.Length - 7).ToArray();
        Assert.Equal([0x08, (byte)'c', (byte)'l', 0xC3, 0xA9, 0x02, 0x01], tail);
        Assert.Equal(0x08, parsed.RecordArray[8]);
    }

    [Fact]
    public void Gzip_batch_compresses_only_the_record_array()
    {
        var records = Enumerable.Range(0, 50)
            .Select(i => new ProduceRecord([(byte)i], new byte[100], 1_000 + i, [new RecordHeader("h", [(byte)i])]))
            .ToArray();
        var plain = RecordBatchTestParser.Parse(Write(records));
        var gzipped = Write(records, CompressionCodec.Gzip);
        var parsed = RecordBatchTestParser.Parse(gzipped);

        Assert.Equal(1, parsed.Attributes);
        Assert.Equal(50, parsed.RecordCount);
        Assert.Equal(49, parsed.LastOffsetDelta);
        Assert.Equal(1_000, parsed.BaseTimestamp);
        Assert.Equal(1_049, parsed.MaxTimestamp);
        Assert.Equal([0x1F, 0x8B], gzipped.AsSpan(RecordBatchWriter.HeaderSize, 2).ToArray());
        Assert.Equal(plain.RecordArray, parsed.RecordArray);
        Assert.Equal(ReferenceCrc.Crc32C(gzipped.AsSpan(21)), parsed.Crc);
        Assert.True(gzipped.Length < RecordBatchWriter.HeaderSize + plain.RecordArray.Length);
    }

    [Fact]
    public void Batch_appends_after_what_the_writer_already_holds()
    {
        using var writer = new KafkaWriter(16);
        writer.WriteInt32(0x7F7F7F7F);
        RecordBatchWriter.Write(writer, [new ProduceRecord([1], [2], 3)]);
        var batch = writer.WrittenSpan[4..];

        Assert.Equal(batch.Length - 12, BinaryPrimitives.ReadInt32BigEndian(batch[8..]));
        Assert.Equal(ReferenceCrc.Crc32C(batch[21..]), BinaryPrimitives.ReadUInt32BigEndian(batch[17..]));
    }

    [Fact]
    public void Empty_batch_is_refused()
    {
        using var writer = new KafkaWriter();
        Assert.Throws<ArgumentException>(() => RecordBatchWriter.Write(writer, []));
    }

    [Fact]
    public void Unknown_codec_id_is_refused_by_id()
    {
        using var writer = new KafkaWriter();
        var error = Assert.Throws<NotSupportedException>(() =>
            RecordBatchWriter.Write(writer, [new ProduceRecord(null, [1], 0)], (CompressionCodec)5));
        Assert.Contains("5", error.Message);
        Assert.Equal(0, writer.Position);
    }

    [Fact]
    public void Header_with_a_null_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ProduceRecord(null, null, 0, [new RecordHeader(null!, [1])]));
    }
}
