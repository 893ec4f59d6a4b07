using System.Buffers.Binary;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

/// <summary>Record batch v2 decoding against hand-built batches.</summary>
public sealed class RecordBatchDecodingTests
{
    private static byte[] TwoRecordBatch()
    {
        byte[] batch =
        [
            0, 0, 0, 0, 0, 0, 0, 100,           // BaseOffset 100
            0, 0, 0, 70,                        // BatchLength: 82 bytes - 12
            0, 0, 0, 7,                         // PartitionLeaderEpoch 7
            2,                                  // Magic
            0, 0, 0, 0,                         // CRC, filled in below
            0, 0,                               // Attributes: no codec, CreateTime
            0, 0, 0, 1,                         // LastOffsetDelta 1
            0, 0, 0, 0, 0, 0, 0x03, 0xE8,       // BaseTimestamp 1000
            0, 0, 0, 0, 0, 0, 0x03, 0xED,       // MaxTimestamp 1005
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // ProducerId -1
            0xFF, 0xFF,                         // ProducerEpoch -1
            0xFF, 0xFF, 0xFF, 0xFF,             // BaseSequence -1
            0, 0, 0, 2,                         // RecordCount 2
            0x1A,                               // record 0: length 13
            0x00, 0x00, 0x00,                   //   attributes, timestampDelta 0, offsetDelta 0
            0x02, 0x6B,                         //   key "k"
            0x04, 0x01, 0x02,                   //   value 01 02
            0x02,                               //   one header
            0x02, 0x68, 0x02, 0xFF,             //     key "h", value FF
            0x0C,                               // record 1: length 6
            0x00, 0x0A, 0x02,                   //   attributes, timestampDelta 5, offsetDelta 1
            0x01,                               //   key null
            0x00,                               //   value empty
            0x00,                               //   no headers
        ];
        BinaryPrimitives.WriteUInt32BigEndian(batch.AsSpan(17), ReferenceCrc.Crc32C(batch.AsSpan(21)));
        return batch;
    }

    [Fact]
    public void Hand_built_batch_with_two_records_and_a_header_decodes_field_by_field()
    {
        var decoded = RecordSets.Decode(TwoRecordBatch(), out var result, fetchOffset: 100);

        Assert.Equal(2, decoded.Count);
        var first = decoded[0];
        Assert.Equal((100L, 1000L, TimestampType.CreateTime, 7), (first.Offset, first.Timestamp, first.TimestampType, first.LeaderEpoch));
        Assert.Equal([0x6B], first.Key);
        Assert.Equal([0x01, 0x02], first.Value);
        var header = Assert.Single(first.Headers);
        Assert.Equal("h", header.Key);
        Assert.Equal([0xFF], header.Value);

        var second = decoded[1];
        Assert.Equal((101L, 1005L, 7), (second.Offset, second.Timestamp, second.LeaderEpoch));
        Assert.Null(second.Key);
        Assert.Equal([], second.Value!);
        Assert.Empty(second.Headers);
        Assert.Equal(new RecordSetDecodeResult(102, 2, false, 0, result.Skipped), result);
    }

    [Fact]
    public void Batch_the_writer_produces_decodes_like_the_hand_built_one()
    {
        var written = RecordSets.Batch([new ProduceRecord([0x6B], [1, 2], 1000, [new RecordHeader("h", [0xFF])]), new ProduceRecord(null, [], 1005)], baseOffset: 100);

        var decoded = RecordSets.Decode(written, fetchOffset: 100);

        Assert.Equal([100L, 101L], decoded.Offsets());
        Assert.Equal([1000L, 1005L], decoded.Select(r => r.Timestamp));
    }

    [Theory]
    [InlineData(CompressionCodec.None)]
    [InlineData(CompressionCodec.Lz4)]
    public void Fetch_offset_inside_a_batch_skips_the_records_below_it(CompressionCodec codec)
    {
        var bytes = (BatchBuilder.Data(10, 5) with { Codec = codec }).ToBytes();

        var decoded = RecordSets.Decode(bytes, out var result, fetchOffset: 12);

        Assert.Equal([12L, 13L, 14L], decoded.Offsets());
        Assert.Equal(15, result.NextOffset);
        Assert.Equal(3, result.RecordsAdded);
    }

    [Fact]
    public void Batch_wholly_below_the_fetch_offset_is_passed_over_without_moving_back()
    {
        var bytes = RecordSets.Concat(BatchBuilder.Data(0, 3).ToBytes(), BatchBuilder.Data(3, 3).ToBytes());

        var decoded = RecordSets.Decode(bytes, out var result, fetchOffset: 4);

        Assert.Equal([4L, 5L], decoded.Offsets());
        Assert.Equal(6, result.NextOffset);
    }

    [Fact]
    public void Empty_batch_left_by_compaction_advances_by_its_last_offset_delta()
    {
        var empty = new BatchBuilder { BaseOffset = 20, LastOffsetDelta = 5, BaseTimestamp = -1, MaxTimestamp = -1 }.ToBytes();

        var decoded = RecordSets.Decode(RecordSets.Concat(empty, BatchBuilder.Data(26, 1).ToBytes()), out var result, fetchOffset: 20);

        Assert.Equal([26L], decoded.Offsets());
        Assert.Equal(27, result.NextOffset);

        RecordSets.Decode(empty, out var alone, fetchOffset: 20);
        Assert.Equal(new RecordSetDecodeResult(26, 0, false, 0, alone.Skipped), alone);
    }

    [Fact]
    public void Compacted_batch_keeps_its_gaps_and_advances_past_its_last_offset()
    {
        var compacted = new BatchBuilder
        {
            BaseOffset = 50,
            LastOffsetDelta = 9,
            Records = [BatchBuilder.Record(0, 0, [1], [1]), BatchBuilder.Record(4, 0, [2], [2])],
        }.ToBytes();

        var decoded = RecordSets.Decode(compacted, out var result, fetchOffset: 50);

        Assert.Equal([50L, 54L], decoded.Offsets());
        Assert.Equal(60, result.NextOffset);
    }

    [Fact]
    public void Control_batch_is_never_delivered_but_advances_the_position()
    {
        var bytes = RecordSets.Concat(
            BatchBuilder.Data(0, 2, producerId: 7, transactional: true).ToBytes(),
            BatchBuilder.Marker(2, producerId: 7, commit: true).ToBytes());

        var decoded = RecordSets.Decode(bytes, out var result);

        Assert.Equal([0L, 1L], decoded.Offsets());
        Assert.Equal(3, result.NextOffset);

        RecordSets.Decode(BatchBuilder.Marker(2, 7, commit: false).ToBytes(), out var markerOnly, fetchOffset: 2);
        Assert.Equal(new RecordSetDecodeResult(3, 0, false, 0, markerOnly.Skipped), markerOnly);
    }

    [Fact]
    public void Control_batch_with_a_zero_crc_from_the_librdkafka_mock_passes_the_crc_check()
    {
        var mockMarker = BatchBuilder.Marker(5, producerId: 1, commit: true) with { ZeroCrc = true };

        RecordSets.Decode(mockMarker.ToBytes(), out var result, fetchOffset: 5);

        Assert.Equal(6, result.NextOffset);
    }

    [Fact]
    public void Data_batch_with_a_zero_crc_still_fails_the_crc_check()
    {
        var bytes = (BatchBuilder.Data(5, 1) with { ZeroCrc = true }).ToBytes();

        var error = Assert.Throws<CorruptBatchException>(() => RecordSets.Decode(bytes, fetchOffset: 5));

        Assert.Equal(0u, error.ExpectedCrc);
    }

    [Theory]
    [InlineData(CompressionCodec.None)]
    [InlineData(CompressionCodec.Zstd)]
    public void Log_append_time_batch_gives_every_record_the_max_timestamp(CompressionCodec codec)
    {
        var batch = BatchBuilder.Data(0, 3) with { Codec = codec, LogAppendTime = true, BaseTimestamp = 10, MaxTimestamp = 99_000 };

        var decoded = RecordSets.Decode(batch.ToBytes());

        Assert.All(decoded, r => Assert.Equal((99_000L, TimestampType.LogAppendTime), (r.Timestamp, r.TimestampType)));
    }

    [Fact]
    public void Create_time_is_the_base_timestamp_plus_each_delta()
    {
        var batch = new BatchBuilder
        {
            BaseTimestamp = 5_000,
            Records = [BatchBuilder.Record(0, -20, null, [1]), BatchBuilder.Record(1, 0, null, [2]), BatchBuilder.Record(2, 300, null, [3])],
        };

        var decoded = RecordSets.Decode(batch.ToBytes());

        Assert.Equal([4_980L, 5_000L, 5_300L], decoded.Select(r => r.Timestamp));
    }

    [Fact]
    public void Partition_leader_epoch_becomes_the_records_leader_epoch()
    {
        var decoded = RecordSets.Decode((BatchBuilder.Data(0, 2) with { LeaderEpoch = 42 }).ToBytes());

        Assert.All(decoded, r => Assert.Equal(42, r.LeaderEpoch));
    }

    [Fact]
    public void Key_and_value_arrays_are_copies_not_views_of_the_fetch_buffer()
    {
        var bytes = TwoRecordBatch();

        var decoded = RecordSets.Decode(bytes, fetchOffset: 100);
        Array.Clear(bytes);

        Assert.Equal([0x6B], decoded[0].Key);
        Assert.Equal([0x01, 0x02], decoded[0].Value);
    }
}
