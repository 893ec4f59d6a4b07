using System.IO.Hashing;
using Sluice.Protocol.Compression;

namespace Sluice.Protocol.Records;

/// <summary>
/// Writes records as a legacy message set: magic 0 (Kafka 0.8-0.9, Produce v0-v1) or magic 1 (Kafka 0.10,
/// Produce v2, with timestamps).
/// </summary>
public static class MessageSetWriter
{
    /// <summary>
    /// Appends a message set holding <paramref name="records"/> with offsets counting up from
    /// <paramref name="baseOffset"/>. With a codec, the set is one wrapper message whose value is the compressed
    /// inner set.
    /// </summary>
    /// <param name="writer">Where the message set goes.</param>
    /// <param name="records">At least one record, none with headers.</param>
    /// <param name="magic">0 or 1.</param>
    /// <param name="codec">None, Gzip, Snappy or Lz4; zstd exists only in record batches.</param>
    /// <param name="baseOffset">The first offset. Producers send 0: the broker assigns offsets.</param>
    /// <exception cref="ArgumentException">A record has headers, or <paramref name="codec"/> is zstd.</exception>
    /// <exception cref="NotSupportedException"><paramref name="codec"/> is no Kafka codec.</exception>
    public static void Write(KafkaWriter writer, IReadOnlyList<ProduceRecord> records, byte magic, CompressionCodec codec = CompressionCodec.None, long baseOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        if (magic > 1)
            throw new ArgumentOutOfRangeException(nameof(magic), magic, "A message set is magic 0 or 1; magic 2 is a record batch.");
        if (codec == CompressionCodec.Zstd)
            throw new ArgumentException($"zstd exists only in record batches (magic 2); a magic {magic} message set cannot carry it.", nameof(codec));
        if (records.Count == 0)
            throw new ArgumentException("A message set written by a producer holds at least one message.", nameof(records));
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Headers.Count > 0)
                throw new ArgumentException(
                    $"Record {i} has headers, which a magic {magic} message set cannot carry; headers need a record batch v2 (Produce v3+).",
                    nameof(records));
        }

        var compressor = Compressors.For(codec);
        if (codec == CompressionCodec.None)
        {
            WriteMessages(writer, records, magic, baseOffset);
            return;
        }

        // Magic 0 inner messages carry absolute offsets, which the broker rewrites. Magic 1 inner offsets are
        // relative (KIP-31) and the wrapper carries the absolute offset of the last inner message.
        using var inner = new KafkaWriter(records.Count * 64);
        WriteMessages(inner, records, magic, magic == 0 ? baseOffset : 0);

        var maxTimestamp = records[0].TimestampMs;
        for (var i = 1; i < records.Count; i++)
            maxTimestamp = Math.Max(maxTimestamp, records[i].TimestampMs);

        var sizeAt = BeginMessage(writer, baseOffset + records.Count - 1, magic, codec, maxTimestamp);
        writer.WriteInt32(-1);
        var valueAt = writer.Skip(4);
        compressor.Compress(inner.WrittenSpan, writer, magic);
        writer.WriteInt32At(valueAt, writer.Position - valueAt - 4);
        EndMessage(writer, sizeAt);
    }

    private static void WriteMessages(KafkaWriter writer, IReadOnlyList<ProduceRecord> records, byte magic, long firstOffset)
    {
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var sizeAt = BeginMessage(writer, firstOffset + i, magic, CompressionCodec.None, record.TimestampMs);
            WriteBytes(writer, record.Key);
            WriteBytes(writer, record.Value);
            EndMessage(writer, sizeAt);
        }
    }

    // Writes offset, a size slot, a CRC slot and the fields up to the key; returns the size slot's offset.
    private static int BeginMessage(KafkaWriter writer, long offset, byte magic, CompressionCodec codec, long timestampMs)
    {
        writer.WriteInt64(offset);
        var sizeAt = writer.Skip(4);
        writer.Skip(4);
        writer.WriteInt8((sbyte)magic);
        // Magic 1 attribute bit 3 stays 0: CreateTime.
        writer.WriteInt8((sbyte)codec);
        if (magic == 1)
            writer.WriteInt64(timestampMs);
        return sizeAt;
    }

    // The size counts from the CRC on; the CRC-32 (IEEE) covers magic to the end of the message.
    private static void EndMessage(KafkaWriter writer, int sizeAt)
    {
        var crcAt = sizeAt + 4;
        writer.WriteInt32At(sizeAt, writer.Position - crcAt);
        writer.WriteUInt32At(crcAt, Crc32.HashToUInt32(writer.WrittenFrom(crcAt + 4)));
    }

    private static void WriteBytes(KafkaWriter writer, byte[]? value) =>
        writer.WriteNullableBytes(value, value is null, flexible: false);
}
