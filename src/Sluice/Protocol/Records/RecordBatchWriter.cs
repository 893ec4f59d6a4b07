using System.Text;
using Sluice.Protocol.Compression;

namespace Sluice.Protocol.Records;

/// <summary>Writes records as one record batch v2 (magic 2, Kafka 0.11+), the only format of Produce v3+.</summary>
public static class RecordBatchWriter
{
    /// <summary>The magic byte of a record batch.</summary>
    public const byte Magic = 2;

    /// <summary>Bytes from the base offset to the end of the record count, where the record array starts.</summary>
    public const int HeaderSize = 61;

    /// <summary>
    /// Appends one batch holding <paramref name="records"/>, with offset deltas 0..n-1, create-time timestamps
    /// and no producer id (not idempotent, not transactional).
    /// </summary>
    /// <param name="writer">Where the batch goes.</param>
    /// <param name="records">At least one record.</param>
    /// <param name="codec">The codec for the record array; the header stays uncompressed.</param>
    /// <param name="baseOffset">The first offset. Producers send 0: the broker assigns offsets.</param>
    /// <exception cref="NotSupportedException"><paramref name="codec"/> is no Kafka codec.</exception>
    public static void Write(KafkaWriter writer, IReadOnlyList<ProduceRecord> records, CompressionCodec codec = CompressionCodec.None, long baseOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
            throw new ArgumentException("A record batch written by a producer holds at least one record.", nameof(records));
        var compressor = Compressors.For(codec);

        var baseTimestamp = records[0].TimestampMs;
        var maxTimestamp = baseTimestamp;
        for (var i = 1; i < records.Count; i++)
            maxTimestamp = Math.Max(maxTimestamp, records[i].TimestampMs);

        writer.WriteInt64(baseOffset);
        var lengthAt = writer.Skip(4);
        // The broker stamps the leader epoch; -1 says "unknown" and, like the base offset, is outside the CRC.
        writer.WriteInt32(-1);
        writer.WriteInt8((sbyte)Magic);
        var crcAt = writer.Skip(4);
        var attributesAt = writer.Position;
        // Timestamp type CreateTime, not transactional, not a control batch: only the codec bits are set.
        writer.WriteInt16((short)codec);
        writer.WriteInt32(records.Count - 1);
        writer.WriteInt64(baseTimestamp);
        writer.WriteInt64(maxTimestamp);
        writer.WriteInt64(-1);
        writer.WriteInt16(-1);
        writer.WriteInt32(-1);
        writer.WriteInt32(records.Count);

        if (codec == CompressionCodec.None)
        {
            WriteRecords(writer, records, baseTimestamp);
        }
        else
        {
            using var plain = new KafkaWriter(records.Count * 64);
            WriteRecords(plain, records, baseTimestamp);
            compressor.Compress(plain.WrittenSpan, writer, Magic);
        }

        writer.WriteInt32At(lengthAt, writer.Position - lengthAt - 4);
        writer.WriteUInt32At(crcAt, Crc32C.Compute(writer.WrittenFrom(attributesAt)));
    }

    private static void WriteRecords(KafkaWriter writer, IReadOnlyList<ProduceRecord> records, long baseTimestamp)
    {
        for (var i = 0; i < records.Count; i++)
            WriteRecord(writer, records[i], i, records[i].TimestampMs - baseTimestamp);
    }

    private static void WriteRecord(KafkaWriter writer, ProduceRecord record, int offsetDelta, long timestampDelta)
    {
        var headers = record.Headers;
        var size = 1 + VarIntSize.Of(timestampDelta) + VarIntSize.Of(offsetDelta)
            + VarIntSize.OfBytes(record.Key) + VarIntSize.OfBytes(record.Value) + VarIntSize.Of(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            var keyLength = Encoding.UTF8.GetByteCount(headers[i].Key);
            size += VarIntSize.Of(keyLength) + keyLength + VarIntSize.OfBytes(headers[i].Value);
        }

        writer.WriteVarInt(size);
        // Record attributes are reserved and always 0.
        writer.WriteInt8(0);
        writer.WriteVarLong(timestampDelta);
        writer.WriteVarInt(offsetDelta);
        WriteBytes(writer, record.Key);
        WriteBytes(writer, record.Value);
        writer.WriteVarInt(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            WriteKey(writer, headers[i].Key);
            WriteBytes(writer, headers[i].Value);
        }
    }

    private static void WriteBytes(KafkaWriter writer, byte[]? value)
    {
        if (value is null)
        {
            writer.WriteVarInt(-1);
            return;
        }

        writer.WriteVarInt(value.Length);
        writer.WriteRaw(value);
    }

    private static void WriteKey(KafkaWriter writer, string key)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        writer.WriteVarInt(length);
        var written = Encoding.UTF8.GetBytes(key, writer.GetSpan(length));
        writer.Advance(written);
    }
}
