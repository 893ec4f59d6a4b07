using System.Buffers.Binary;
using Sluice.Protocol;

namespace Sluice.Tests.Protocol.Records;

/// <summary>Builds magic 0/1 messages and message set entries byte by byte, with their CRC-32.</summary>
internal static class LegacyBuilder
{
    /// <summary>A message: CRC, magic, attributes, timestamp (magic 1), key, value.</summary>
    public static byte[] Message(byte magic, byte attributes, long timestamp, byte[]? key, byte[]? value)
    {
        using var writer = new KafkaWriter();
        writer.Skip(4);
        writer.WriteInt8((sbyte)magic);
        writer.WriteInt8((sbyte)attributes);
        if (magic == 1)
            writer.WriteInt64(timestamp);
        writer.WriteNullableBytes(key, key is null, flexible: false);
        writer.WriteNullableBytes(value, value is null, flexible: false);
        var bytes = writer.WrittenSpan.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(bytes, ReferenceCrc.Crc32Ieee(bytes.AsSpan(4)));
        return bytes;
    }

    /// <summary>A message set entry: offset, size, message.</summary>
    public static byte[] Entry(long offset, byte[] message)
    {
        var bytes = new byte[12 + message.Length];
        BinaryPrimitives.WriteInt64BigEndian(bytes, offset);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), message.Length);
        message.CopyTo(bytes, 12);
        return bytes;
    }
}
