using System.Buffers.Binary;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

/// <summary>CRC mismatches and undecodable batches: named precisely, skippable on request, never another exception.</summary>
public sealed class CorruptBatchTests
{
    private static readonly RecordDecodeOptions Skip = RecordDecodeOptions.Default.WithSkipCorruptBatches(true);

    // Three batches at 0-1, 2-4 and 5; the middle one has a flipped value byte.
    private static (byte[] Bytes, uint StoredCrc, uint ComputedCrc) SetWithCorruptMiddle()
    {
        var middle = RecordSets.Batch([new ProduceRecord(null, [2], 0), new ProduceRecord(null, [3], 0), new ProduceRecord(null, [4], 0)], baseOffset: 2);
        middle[^2] ^= 0x40;
        var bytes = RecordSets.Concat(
            RecordSets.Batch([new ProduceRecord(null, [0], 0), new ProduceRecord(null, [1], 0)], baseOffset: 0),
            middle,
            RecordSets.Batch([new ProduceRecord(null, [5], 0)], baseOffset: 5));
        return (bytes, BinaryPrimitives.ReadUInt32BigEndian(middle.AsSpan(17)), ReferenceCrc.Crc32C(middle.AsSpan(21)));
    }

    [Fact]
    public void Crc_mismatch_names_topic_partition_offset_and_both_crcs()
    {
        var (bytes, stored, computed) = SetWithCorruptMiddle();
        var output = new List<ConsumedRecord>();

        var error = Assert.Throws<CorruptBatchException>(() =>
            RecordSetDecoder.Decode(bytes, RecordSets.Topic, RecordSets.Partition, 0, RecordDecodeOptions.Default, null, output));

        Assert.Equal((RecordSets.Topic, RecordSets.Partition, 2L, 4L), (error.Topic, error.Partition, error.BaseOffset, error.LastOffset));
        Assert.Equal(stored, error.ExpectedCrc);
        Assert.Equal(computed, error.ActualCrc);
        Assert.Contains($"{RecordSets.Topic}-{RecordSets.Partition} at offset 2", error.Message);
        Assert.Contains($"stored CRC 0x{stored:X8}, computed 0x{computed:X8}", error.Message);
        Assert.Equal([0L, 1L], output.Offsets());
    }

    [Fact]
    public void Skipping_corrupt_batches_reports_them_and_advances_past_them()
    {
        var (bytes, stored, _) = SetWithCorruptMiddle();

        var decoded = RecordSets.Decode(bytes, out var result, options: Skip);

        Assert.Equal([0L, 1L, 5L], decoded.Offsets());
        Assert.Equal(6, result.NextOffset);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal((2L, stored), (skipped.BaseOffset, skipped.ExpectedCrc!.Value));
    }

    [Fact]
    public void Skipped_last_batch_still_moves_the_next_offset_past_it()
    {
        var (bytes, _, _) = SetWithCorruptMiddle();
        var withoutLast = bytes[..^RecordSets.Batch([new ProduceRecord(null, [5], 0)], baseOffset: 5).Length];

        RecordSets.Decode(withoutLast, out var result, options: Skip);

        Assert.Equal(5, result.NextOffset);
        Assert.Equal(2, result.RecordsAdded);
    }

    [Fact]
    public void Crc_checks_off_delivers_the_damaged_bytes_as_they_are()
    {
        var (bytes, _, _) = SetWithCorruptMiddle();

        var decoded = RecordSets.Decode(bytes, options: RecordDecodeOptions.Default.WithCheckCrcs(false));

        Assert.Equal([0L, 1L, 2L, 3L, 4L, 5L], decoded.Offsets());
        Assert.Equal([4 ^ 0x40], decoded[4].Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Message_crc_mismatch_names_the_message_offset(byte magic)
    {
        var bytes = RecordSets.MessageSet([new ProduceRecord([1], [2], 0)], magic, baseOffset: 11);
        bytes[^1] ^= 0xFF;

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(bytes, fetchOffset: 11));

        Assert.Equal(11, error.BaseOffset);
        Assert.Equal(ReferenceCrc.Crc32Ieee(bytes.AsSpan(16)), error.ActualCrc);
        Assert.Contains("CRC-32", error.Reason);
    }

    [Theory]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    public void Decompression_bomb_is_capped_by_max_decompressed_batch_bytes(CompressionCodec codec)
    {
        var bomb = RecordSets.Batch([new ProduceRecord(null, new byte[8 * 1024 * 1024], 0)], codec, baseOffset: 3);
        var options = RecordDecodeOptions.Default.WithMaxDecompressedBatchBytes(1024 * 1024);

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(bomb, fetchOffset: 3, options: options));

        Assert.Equal(3, error.BaseOffset);
        var limit = Assert.IsType<DecompressionLimitExceededException>(error.InnerException);
        Assert.Equal((codec, 1024 * 1024), (limit.Codec, limit.Limit));
        Assert.Contains("MaxDecompressedBatchBytes", error.Message);
        Assert.Single(RecordSets.Decode(bomb, fetchOffset: 3));
    }

    [Fact]
    public void Wrapper_decompression_is_capped_too()
    {
        var bomb = RecordSets.MessageSet([new ProduceRecord(null, new byte[4 * 1024 * 1024], 0)], 1, CompressionCodec.Gzip);

        var error = Assert.Throws<CorruptBatchException>(() =>
            RecordSets.Decode(bomb, options: RecordDecodeOptions.Default.WithMaxDecompressedBatchBytes(64 * 1024)));

        Assert.IsType<DecompressionLimitExceededException>(error.InnerException);
    }

    [Fact]
    public void Corrupt_compressed_data_is_a_corrupt_batch()
    {
        var batch = RecordSets.Batch([new ProduceRecord(null, new byte[1000], 0)], CompressionCodec.Gzip);
        batch[RecordBatchWriter.HeaderSize + 12] ^= 0xFF;
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), ReferenceCrc.Crc32C(batch.AsSpan(21)));

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(batch));

        Assert.IsType<DecompressionException>(error.InnerException);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(13)]
    public void Entry_size_below_any_message_is_fatal_even_when_skipping(int size)
    {
        var bytes = RecordSets.Batch([new ProduceRecord(null, [1], 0)], baseOffset: 8);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), size);

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(bytes, fetchOffset: 8, options: Skip));

        Assert.Equal(8, error.BaseOffset);
        Assert.Contains("cannot be found", error.Message);
    }

    [Fact]
    public void Unknown_magic_is_skippable_because_its_size_is_known()
    {
        var unknown = RecordSets.Batch([new ProduceRecord(null, [1], 0)], baseOffset: 0);
        unknown[16] = 3;
        var bytes = RecordSets.Concat(unknown, RecordSets.Batch([new ProduceRecord(null, [2], 0)], baseOffset: 1));

        var decoded = RecordSets.Decode(bytes, out var result, options: Skip);

        Assert.Equal([1L], decoded.Offsets());
        Assert.Contains("magic 3", Assert.Single(result.Skipped).Reason);
    }

    public static TheoryData<string, byte[]> MalformedRecordArrays() => new()
    {
        { "varint longer than 5 bytes", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] },
        { "negative record length", [0x01] },
        { "record length past the end", [0x40, 0x00] },
        { "key length past the record", [0x0A, 0x00, 0x00, 0x00, 0x7E, 0x00] },
        { "key length below -1", [0x0A, 0x00, 0x00, 0x00, 0x03, 0x00] },
        { "header count past the record", [0x0C, 0x00, 0x00, 0x00, 0x01, 0x01, 0x7E] },
        { "null header key", [0x10, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x01, 0x01] },
        { "offset delta beyond the last offset delta", [0x0C, 0x00, 0x00, 0x04, 0x01, 0x01, 0x00] },
        { "bytes after the record's fields", [0x0E, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00] },
        { "fewer records than the count", [0x0C, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00] },
        { "bytes after the last record", [0x0C, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x0C, 0x00, 0x00, 0x02, 0x01, 0x01, 0x00, 0x00] },
    };

    [Theory]
    [MemberData(nameof(MalformedRecordArrays))]
    public void Malformed_record_array_with_a_valid_crc_is_a_corrupt_batch(string what, byte[] recordArray)
    {
        // Two records announced, last offset delta 1: the arrays above each break one rule.
        var batch = new BatchBuilder { BaseOffset = 60, LastOffsetDelta = 1, Records = [recordArray] }.ToBytes();
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), 2);
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), ReferenceCrc.Crc32C(batch.AsSpan(21)));

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(batch, fetchOffset: 60));

        Assert.True(error.BaseOffset == 60, what);
        Assert.IsType<KafkaProtocolException>(error.InnerException);
        Assert.Null(error.ExpectedCrc);
    }

    [Theory]
    [InlineData(-1, 0, 1, "out of range")]
    [InlineData(0, -3, 1, "out of range")]
    [InlineData(long.MaxValue, 5, 1, "out of range")]
    [InlineData(0, 0, -1, "record count")]
    public void Impossible_batch_header_fields_are_corrupt(long baseOffset, int lastOffsetDelta, int count, string reason)
    {
        var batch = new BatchBuilder { BaseOffset = baseOffset, LastOffsetDelta = lastOffsetDelta }.ToBytes();
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(57), count);
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), ReferenceCrc.Crc32C(batch.AsSpan(21)));

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(batch));

        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Unknown_codec_id_in_a_batch_is_corrupt()
    {
        var batch = BatchBuilder.Data(0, 1).ToBytes();
        batch[22] = 0x05;
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), ReferenceCrc.Crc32C(batch.AsSpan(21)));

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(batch));

        Assert.Contains("codec id 5", error.Reason);
    }

    [Fact]
    public void Batch_shorter_than_its_header_is_corrupt_and_skippable()
    {
        var batch = BatchBuilder.Data(4, 1).ToBytes()[..40];
        BinaryPrimitives.WriteInt32BigEndian(batch.AsSpan(8), 28);

        var decoded = RecordSets.Decode(batch, out var result, fetchOffset: 4, options: Skip);

        Assert.Empty(decoded);
        Assert.Equal(5, result.NextOffset);
        Assert.Contains("61-byte header", Assert.Single(result.Skipped).Reason);
    }
}
