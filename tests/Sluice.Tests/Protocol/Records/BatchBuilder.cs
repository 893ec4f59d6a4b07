using System.Buffers.Binary;
using System.Text;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;

namespace Sluice.Tests.Protocol.Records;

/// <summary>
/// Builds record batches v2 field by field, for what the producer-side writer never writes: transactional and
/// control batches, leader epochs, LogAppendTime, empty batches, arbitrary offset deltas.
/// </summary>
internal sealed record BatchBuilder
{
    public long BaseOffset { get; init; }
    public int LeaderEpoch { get; init; } = -1;
    public CompressionCodec Codec { get; init; }
    public bool LogAppendTime { get; init; }
    public bool Transactional { get; init; }
    public bool Control { get; init; }
    public int? LastOffsetDelta { get; init; }
    public long BaseTimestamp { get; init; } = 1_000;
    public long MaxTimestamp { get; init; } = 2_000;
    public long ProducerId { get; init; } = -1;
    public short ProducerEpoch { get; init; } = -1;
    public bool ZeroCrc { get; init; }
    public IReadOnlyList<byte[]> Records { get; init; } = [];

    /// <summary>A data batch of <paramref name="count"/> one-byte-value records with offset deltas 0..count-1.</summary>
    public static BatchBuilder Data(long baseOffset, int count, long producerId = -1, bool transactional = false) => new()
    {
        BaseOffset = baseOffset,
        ProducerId = producerId,
        Transactional = transactional,
        ProducerEpoch = (short)(producerId >= 0 ? 0 : -1),
        Records = Enumerable.Range(0, count).Select(i => Record(i, i, null, [(byte)(baseOffset + i)])).ToArray(),
    };

    /// <summary>A transaction marker: a control batch of one record whose key is version 0 and type 0 (ABORT) or 1 (COMMIT).</summary>
    public static BatchBuilder Marker(long offset, long producerId, bool commit) => new()
    {
        BaseOffset = offset,
        ProducerId = producerId,
        ProducerEpoch = 0,
        Transactional = true,
        Control = true,
        Records = [Record(0, 0, [0, 0, 0, (byte)(commit ? 1 : 0)], [0, 0, 0, 0, 0, 5])],
    };

    /// <summary>One encoded record: length, attributes, timestamp delta, offset delta, key, value, headers.</summary>
    public static byte[] Record(int offsetDelta, long timestampDelta, byte[]? key, byte[]? value, params (string Key, byte[]? Value)[] headers)
    {
        using var body = new KafkaWriter();
        body.WriteInt8(0);
        body.WriteVarLong(timestampDelta);
        body.WriteVarInt(offsetDelta);
        WriteBytes(body, key);
        WriteBytes(body, value);
        body.WriteVarInt(headers.Length);
        foreach (var (headerKey, headerValue) in headers)
        {
            WriteBytes(body, Encoding.UTF8.GetBytes(headerKey));
            WriteBytes(body, headerValue);
        }

        using var record = new KafkaWriter();
        record.WriteVarInt(body.Position);
        record.WriteRaw(body.WrittenSpan);
        return record.WrittenSpan.ToArray();
    }

    public byte[] ToBytes()
    {
        var plain = Records.SelectMany(r => r).ToArray();
        using var writer = new KafkaWriter();
        writer.WriteInt64(BaseOffset);
        var lengthAt = writer.Skip(4);
        writer.WriteInt32(LeaderEpoch);
        writer.WriteInt8(2);
        var crcAt = writer.Skip(4);
        var attributes = (int)Codec | (LogAppendTime ? 0x08 : 0) | (Transactional ? 0x10 : 0) | (Control ? 0x20 : 0);
        writer.WriteInt16((short)attributes);
        writer.WriteInt32(LastOffsetDelta ?? Math.Max(Records.Count - 1, 0));
        writer.WriteInt64(BaseTimestamp);
        writer.WriteInt64(MaxTimestamp);
        writer.WriteInt64(ProducerId);
        writer.WriteInt16(ProducerEpoch);
        writer.WriteInt32(-1);
        writer.WriteInt32(Records.Count);
        if (Codec == CompressionCodec.None)
            writer.WriteRaw(plain);
        else
            Codecs.For(Codec).Compress(plain, writer, magic: 2);
        writer.WriteInt32At(lengthAt, writer.Position - 12);
        var bytes = writer.WrittenSpan.ToArray();
        var crc = ZeroCrc ? 0u : ReferenceCrc.Crc32C(bytes.AsSpan(21));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(17), crc);
        return bytes;
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
}
