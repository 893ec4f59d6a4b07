using System.Text;
using Sluice.Protocol;
using Sluice.Protocol.Records;

namespace Sluice.Tests.Protocol.Records;

/// <summary>Reads back exactly one record batch v2, so tests can check what the writer wrote.</summary>
internal static class RecordBatchTestParser
{
    public static ParsedBatch Parse(ReadOnlySpan<byte> bytes)
    {
        var reader = new KafkaReader(bytes);
        var baseOffset = reader.ReadInt64();
        var batchLength = reader.ReadInt32();
        if (batchLength != bytes.Length - 12)
            throw new InvalidOperationException($"BatchLength {batchLength} but {bytes.Length - 12} bytes follow it.");
        var leaderEpoch = reader.ReadInt32();
        var magic = reader.ReadInt8();
        var crc = reader.ReadUInt32();
        var attributes = reader.ReadInt16();
        var lastOffsetDelta = reader.ReadInt32();
        var baseTimestamp = reader.ReadInt64();
        var maxTimestamp = reader.ReadInt64();
        var producerId = reader.ReadInt64();
        var producerEpoch = reader.ReadInt16();
        var baseSequence = reader.ReadInt32();
        var count = reader.ReadInt32();

        var codec = attributes & 0x07;
        var recordArray = codec switch
        {
            0 => reader.PeekRemaining().ToArray(),
            1 => Gzip.Decompress(reader.PeekRemaining()),
            _ => throw new InvalidOperationException($"The test parser does not decompress codec {codec}."),
        };

        var records = new List<ParsedRecord>(count);
        var recordReader = new KafkaReader(recordArray);
        for (var i = 0; i < count; i++)
            records.Add(ReadRecord(ref recordReader));
        if (recordReader.Remaining != 0)
            throw new InvalidOperationException($"{recordReader.Remaining} bytes follow the last record.");

        return new ParsedBatch(baseOffset, batchLength, leaderEpoch, magic, crc, attributes, lastOffsetDelta, baseTimestamp,
            maxTimestamp, producerId, producerEpoch, baseSequence, count, recordArray, records);
    }

    private static ParsedRecord ReadRecord(ref KafkaReader reader)
    {
        var length = reader.ReadVarInt();
        var start = reader.Position;
        var attributes = reader.ReadInt8();
        var timestampDelta = reader.ReadVarLong();
        var offsetDelta = reader.ReadVarInt();
        var key = ReadBytes(ref reader);
        var value = ReadBytes(ref reader);
        var headerCount = reader.ReadVarInt();
        var headers = new List<RecordHeader>(headerCount);
        for (var i = 0; i < headerCount; i++)
        {
            var headerKey = ReadBytes(ref reader) ?? throw new InvalidOperationException("A header key is null.");
            headers.Add(new RecordHeader(Encoding.UTF8.GetString(headerKey), ReadBytes(ref reader)));
        }

        if (reader.Position - start != length)
            throw new InvalidOperationException($"Record length {length} but its fields took {reader.Position - start} bytes.");
        return new ParsedRecord(length, attributes, timestampDelta, offsetDelta, key, value, headers);
    }

    private static byte[]? ReadBytes(ref KafkaReader reader)
    {
        var length = reader.ReadVarInt();
        return length < 0 ? null : reader.ReadRaw(length).ToArray();
    }
}
