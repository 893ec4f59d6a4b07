using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;
using Sluice.Tests.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

public sealed class ProduceRequestTests
{
    private static readonly ProduceRecord[] TwoRecords =
    [
        new ProduceRecord("k1"u8.ToArray(), "v1"u8.ToArray(), 1_000),
        new ProduceRecord(null, "v2"u8.ToArray(), 2_000),
    ];

    private static ProduceRequest Request(IReadOnlyList<ProduceRecord> records, short acks = -1, CompressionCodec codec = CompressionCodec.None) =>
        new([new ProduceTopicData("events", [new ProducePartitionData(3, records)])], acks, timeoutMs: 1_500, codec);

    private static byte[] Body(ProduceRequest request, short version)
    {
        using var writer = new KafkaWriter(16);
        request.WriteBody(writer, version);
        return writer.WrittenSpan.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Body_at_v0_and_v1_starts_with_acks_and_timeout_and_carries_a_magic_0_message_set(short version)
    {
        var body = Body(Request(TwoRecords), version);
        var reader = new KafkaReader(body);

        Assert.Equal(-1, reader.ReadInt16());
        Assert.Equal(1_500, reader.ReadInt32());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal("events", reader.ReadString());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(3, reader.ReadInt32());
        var records = reader.ReadNullableBytes(out var isNull).ToArray();
        Assert.False(isNull);
        Assert.Equal(0, reader.Remaining);

        var messages = MessageSetTestParser.Parse(records);
        Assert.Equal([0L, 1L], messages.Select(m => m.Offset));
        Assert.All(messages, m => Assert.Equal(0, m.Magic));
        Assert.Equal("k1"u8.ToArray(), messages[0].Key);
        Assert.Null(messages[1].Key);
    }

    [Fact]
    public void Body_at_v2_carries_a_magic_1_message_set_with_timestamps()
    {
        var reader = new KafkaReader(Body(Request(TwoRecords), 2));

        Assert.Equal(-1, reader.ReadInt16());
        Assert.Equal(1_500, reader.ReadInt32());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal("events", reader.ReadString());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(3, reader.ReadInt32());
        var messages = MessageSetTestParser.Parse(reader.ReadNullableBytes(out _));
        Assert.Equal(0, reader.Remaining);

        Assert.All(messages, m => Assert.Equal(1, m.Magic));
        Assert.Equal([1_000L, 2_000L], messages.Select(m => m.Timestamp!.Value));
    }

    [Fact]
    public void Body_at_v3_starts_with_a_null_transactional_id_and_carries_a_record_batch()
    {
        var reader = new KafkaReader(Body(Request(TwoRecords, acks: 1), 3));

        Assert.Null(reader.ReadNullableString());
        Assert.Equal(1, reader.ReadInt16());
        Assert.Equal(1_500, reader.ReadInt32());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal("events", reader.ReadString());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(3, reader.ReadInt32());
        var batch = RecordBatchTestParser.Parse(reader.ReadNullableBytes(out _));
        Assert.Equal(0, reader.Remaining);

        Assert.Equal(2, batch.Magic);
        Assert.Equal(0, batch.BaseOffset);
        Assert.Equal(0, batch.Attributes);
        Assert.Equal(2, batch.RecordCount);
        Assert.Equal("v2"u8.ToArray(), batch.Records[1].Value);
    }

    [Fact]
    public void Body_at_v7_carries_a_gzip_record_batch()
    {
        var reader = new KafkaReader(Body(Request(TwoRecords, codec: CompressionCodec.Gzip), 7));

        Assert.Null(reader.ReadNullableString());
        Assert.Equal(-1, reader.ReadInt16());
        Assert.Equal(1_500, reader.ReadInt32());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal("events", reader.ReadString());
        Assert.Equal(1, reader.ReadInt32());
        Assert.Equal(3, reader.ReadInt32());
        var batch = RecordBatchTestParser.Parse(reader.ReadNullableBytes(out _));
        Assert.Equal(0, reader.Remaining);

        Assert.Equal((short)CompressionCodec.Gzip, batch.Attributes);
        Assert.Equal(["k1"u8.ToArray(), null], batch.Records.Select(r => r.Key));
    }

    [Fact]
    public void Body_at_v9_uses_compact_types_and_empty_tagged_fields()
    {
        var body = Body(Request(TwoRecords), 9);
        var reader = new KafkaReader(body);

        Assert.Equal(0, body[0]);
        Assert.Null(reader.ReadCompactNullableString());
        Assert.Equal(-1, reader.ReadInt16());
        Assert.Equal(1_500, reader.ReadInt32());
        Assert.Equal(2u, reader.ReadUnsignedVarInt());
        Assert.Equal("events", reader.ReadCompactString());
        Assert.Equal(2u, reader.ReadUnsignedVarInt());
        Assert.Equal(3, reader.ReadInt32());
        var batch = RecordBatchTestParser.Parse(reader.ReadCompactNullableBytes(out var isNull));
        Assert.False(isNull);
        Assert.Equal(0u, reader.ReadUnsignedVarInt());
        Assert.Equal(0u, reader.ReadUnsignedVarInt());
        Assert.Equal(0u, reader.ReadUnsignedVarInt());
        Assert.Equal(0, reader.Remaining);

        Assert.Equal(2, batch.RecordCount);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(9)]
    public void Every_topic_and_partition_gets_its_own_records(short version)
    {
        var request = new ProduceRequest(
        [
            new ProduceTopicData("a", [new ProducePartitionData(0, [new ProduceRecord(null, [1], 0)]), new ProducePartitionData(1, TwoRecords)]),
            new ProduceTopicData("b", [new ProducePartitionData(7, [new ProduceRecord(null, [9], 0)])]),
        ]);
        var flexible = version >= 9;
        var reader = new KafkaReader(Body(request, version));
        if (version >= 3)
            reader.ReadNullableString(flexible);
        reader.ReadInt16();
        reader.ReadInt32();

        var seen = new List<(string Topic, int Partition, int Records)>();
        var topics = reader.ReadNonNullArrayLength(flexible);
        for (var t = 0; t < topics; t++)
        {
            var name = reader.ReadString(flexible);
            var partitions = reader.ReadNonNullArrayLength(flexible);
            for (var p = 0; p < partitions; p++)
            {
                var index = reader.ReadInt32();
                var bytes = reader.ReadNullableBytes(flexible, out _);
                var count = version >= 3 ? RecordBatchTestParser.Parse(bytes).RecordCount : MessageSetTestParser.Parse(bytes).Count;
                seen.Add((name, index, count));
                if (flexible)
                    reader.SkipTaggedFields();
            }

            if (flexible)
                reader.SkipTaggedFields();
        }

        if (flexible)
            reader.SkipTaggedFields();
        Assert.Equal(0, reader.Remaining);
        Assert.Equal([("a", 0, 1), ("a", 1, 2), ("b", 7, 1)], seen);
    }

    [Fact]
    public void Plain_records_can_go_at_every_version_sluice_implements()
    {
        var request = Request(TwoRecords);
        Assert.Equal(new VersionRange(0, 9), request.Versions);
        Assert.Equal(ApiKey.Produce, request.ApiKey);
        Assert.Equal(9, request.FirstFlexibleVersion);
    }

    [Fact]
    public void Headers_narrow_the_versions_to_v3_and_up()
    {
        var request = Request([TwoRecords[0], new ProduceRecord(null, [1], 0, [new RecordHeader("h", [2])])]);
        Assert.Equal(new VersionRange(3, 9), request.Versions);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Requests_with_headers_at_v0_to_v2_are_refused(short version)
    {
        var request = Request([new ProduceRecord(null, [1], 0, [new RecordHeader("h", [2])])]);
        using var writer = new KafkaWriter();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => request.WriteBody(writer, version));
        Assert.Contains("headers", error.Message);
    }

    [Fact]
    public void Versions_beyond_v9_are_refused()
    {
        using var writer = new KafkaWriter();
        Assert.Throws<ArgumentOutOfRangeException>(() => Request(TwoRecords).WriteBody(writer, 10));
    }

    [Fact]
    public void A_codec_id_kafka_does_not_define_is_refused_when_the_request_is_made()
    {
        var error = Assert.Throws<NotSupportedException>(() => Request(TwoRecords, codec: (CompressionCodec)7));
        Assert.Contains("7", error.Message);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(-1, true)]
    public void Only_acks_0_goes_without_a_response(short acks, bool expectsResponse)
    {
        IKafkaRequest request = Request(TwoRecords, acks);
        Assert.Equal(expectsResponse, request.ExpectsResponse);
    }

    [Fact]
    public void Acks_outside_minus_1_to_1_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Request(TwoRecords, acks: 2));
    }

    [Fact]
    public void A_partition_without_records_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Request([]));
    }
}
