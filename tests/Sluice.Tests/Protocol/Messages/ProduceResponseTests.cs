using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

public sealed class ProduceResponseTests
{
    private static readonly ProduceRequest Request =
        new([new ProduceTopicData("events", [new ProducePartitionData(0, [new ProduceRecord(null, [1], 0)])])]);

    private static ProduceResponse Read(byte[] bytes, short version, out int remaining)
    {
        var reader = new KafkaReader(bytes);
        var response = Request.ReadResponse(ref reader, version);
        remaining = reader.Remaining;
        return response;
    }

    // Two partitions of one topic: partition 0 appended at offset 42, partition 1 refused.
    private static byte[] Response(short version, bool withTaggedFields = false)
    {
        var flexible = version >= 9;
        using var writer = new KafkaWriter();
        writer.WriteArrayLength(1, flexible);
        writer.WriteString("events", flexible);
        writer.WriteArrayLength(2, flexible);
        WritePartition(writer, version, flexible, 0, ErrorCode.None, 42, [], null, withTaggedFields);
        WritePartition(writer, version, flexible, 1, ErrorCode.InvalidRecord, -1, [(0, "bad key"), (3, null)], "record validation failed", withTaggedFields);
        WriteTags(writer, flexible, withTaggedFields);
        if (version >= 1)
            writer.WriteInt32(250);
        WriteTags(writer, flexible, withTaggedFields);
        return writer.WrittenSpan.ToArray();
    }

    private static void WritePartition(KafkaWriter writer, short version, bool flexible, int index, ErrorCode error, long baseOffset,
        (int Index, string? Message)[] recordErrors, string? message, bool withTaggedFields)
    {
        writer.WriteInt32(index);
        writer.WriteInt16((short)error);
        writer.WriteInt64(baseOffset);
        if (version >= 2)
            writer.WriteInt64(1_700_000_000_000 + index);
        if (version >= 5)
            writer.WriteInt64(7 + index);
        if (version >= 8)
        {
            writer.WriteArrayLength(recordErrors.Length, flexible);
            foreach (var (batchIndex, batchMessage) in recordErrors)
            {
                writer.WriteInt32(batchIndex);
                writer.WriteNullableString(batchMessage, flexible);
                WriteTags(writer, flexible, withTaggedFields);
            }

            writer.WriteNullableString(message, flexible);
        }

        WriteTags(writer, flexible, withTaggedFields);
    }

    // Unknown tags a newer broker might add (tag 0 is CurrentLeader in v10+): readers must skip them.
    private static void WriteTags(KafkaWriter writer, bool flexible, bool withTaggedFields)
    {
        if (!flexible)
            return;
        if (!withTaggedFields)
        {
            writer.WriteEmptyTaggedFields();
            return;
        }

        writer.WriteUnsignedVarInt(2);
        writer.WriteUnsignedVarInt(0);
        writer.WriteUnsignedVarInt(3);
        writer.WriteRaw([0xDE, 0xAD, 0xBE]);
        writer.WriteUnsignedVarInt(300);
        writer.WriteUnsignedVarInt(0);
    }

    [Fact]
    public void Decodes_v0_with_offsets_only()
    {
        var response = Read(Response(0), 0, out var remaining);

        Assert.Equal(0, remaining);
        Assert.Equal(0, response.ThrottleTimeMs);
        var topic = Assert.Single(response.Topics);
        Assert.Equal("events", topic.Name);
        var appended = topic.Partitions[0];
        Assert.Equal((0, ErrorCode.None, 42L, -1L, -1L, (string?)null),
            (appended.Partition, appended.Error, appended.BaseOffset, appended.LogAppendTimeMs, appended.LogStartOffset, appended.ErrorMessage));
        Assert.Empty(appended.RecordErrors);
        Assert.Equal(ErrorCode.InvalidRecord, topic.Partitions[1].Error);
        Assert.Equal(-1, topic.Partitions[1].BaseOffset);
    }

    [Fact]
    public void Decodes_v2_with_log_append_time_and_throttle()
    {
        var response = Read(Response(2), 2, out var remaining);

        Assert.Equal(0, remaining);
        Assert.Equal(250, response.ThrottleTimeMs);
        var partitions = response.Topics[0].Partitions;
        Assert.Equal([1_700_000_000_000L, 1_700_000_000_001L], partitions.Select(p => p.LogAppendTimeMs));
        Assert.Equal([-1L, -1L], partitions.Select(p => p.LogStartOffset));
    }

    [Fact]
    public void Decodes_v5_with_log_start_offset()
    {
        var response = Read(Response(5), 5, out var remaining);

        Assert.Equal(0, remaining);
        var partitions = response.Topics[0].Partitions;
        Assert.Equal([7L, 8L], partitions.Select(p => p.LogStartOffset));
        Assert.All(partitions, p => Assert.Empty(p.RecordErrors));
        Assert.All(partitions, p => Assert.Null(p.ErrorMessage));
    }

    [Fact]
    public void Decodes_v8_with_record_errors_and_error_message()
    {
        var response = Read(Response(8), 8, out var remaining);

        Assert.Equal(0, remaining);
        var refused = response.Topics[0].Partitions[1];
        Assert.Equal([new ProduceRecordError(0, "bad key"), new ProduceRecordError(3, null)], refused.RecordErrors);
        Assert.Equal("record validation failed", refused.ErrorMessage);
        Assert.Equal(42, response.Topics[0].Partitions[0].BaseOffset);
        Assert.Equal(250, response.ThrottleTimeMs);
    }

    [Fact]
    public void Decodes_v9_compact_and_skips_unknown_tagged_fields()
    {
        var plain = Read(Response(9), 9, out var plainRemaining);
        var tagged = Read(Response(9, withTaggedFields: true), 9, out var taggedRemaining);

        Assert.Equal(0, plainRemaining);
        Assert.Equal(0, taggedRemaining);
        Assert.Equal(250, tagged.ThrottleTimeMs);
        Assert.Equal("events", tagged.Topics[0].Name);
        var refused = tagged.Topics[0].Partitions[1];
        Assert.Equal(ErrorCode.InvalidRecord, refused.Error);
        Assert.Equal(8, refused.LogStartOffset);
        Assert.Equal([new ProduceRecordError(0, "bad key"), new ProduceRecordError(3, null)], refused.RecordErrors);
        Assert.Equal("record validation failed", refused.ErrorMessage);
        var (plainAppended, taggedAppended) = (plain.Topics[0].Partitions[0], tagged.Topics[0].Partitions[0]);
        Assert.Equal((plainAppended.BaseOffset, plainAppended.LogAppendTimeMs, plainAppended.LogStartOffset),
            (taggedAppended.BaseOffset, taggedAppended.LogAppendTimeMs, taggedAppended.LogStartOffset));
        Assert.Equal((42L, 1_700_000_000_000L, 7L), (taggedAppended.BaseOffset, taggedAppended.LogAppendTimeMs, taggedAppended.LogStartOffset));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(9)]
    public void Trailing_bytes_after_the_body_are_left_unread(short version)
    {
        byte[] bytes = [.. Response(version), 0x01, 0x02, 0x03];
        var response = Read(bytes, version, out var remaining);

        Assert.Equal(3, remaining);
        Assert.Equal(2, response.Topics[0].Partitions.Count);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(2, false)]
    [InlineData(5, false)]
    [InlineData(8, false)]
    [InlineData(9, false)]
    [InlineData(9, true)]
    public void Every_truncation_raises_KafkaProtocolException(short version, bool withTaggedFields)
    {
        var bytes = Response(version, withTaggedFields);
        for (var length = 0; length < bytes.Length; length++)
        {
            var truncated = bytes[..length];
            var error = Record.Exception(() => Read(truncated, version, out _));
            Assert.True(error is KafkaProtocolException, $"{length} of {bytes.Length} bytes: {error?.GetType().Name ?? "no exception"}");
        }
    }

    [Fact]
    public void A_corrupt_array_length_raises_KafkaProtocolException()
    {
        byte[] bytes = [0x7F, 0xFF, 0xFF, 0xFF, 0, 0];
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, 0, out _));
    }
}
