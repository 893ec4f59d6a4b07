using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;

namespace Sluice.Protocol.Records;

/// <summary>
/// One magic 0 or 1 message, after its offset and size: <c>Crc u32 | Magic i8 | Attributes i8 | [Timestamp i64,
/// magic 1] | Key bytes | Value bytes</c>, with the key and value as slices of the message.
/// </summary>
internal readonly ref struct LegacyMessage
{
    /// <summary>The smallest magic 0 message: CRC, magic, attributes and two null lengths.</summary>
    public const int MinSizeV0 = 14;

    /// <summary>The smallest magic 1 message, which adds the timestamp.</summary>
    public const int MinSizeV1 = 22;

    private const int CodecMask = 0x07;
    private const int LogAppendTimeFlag = 0x08;

    private LegacyMessage(byte magic, byte attributes, long timestamp, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, bool valueIsNull)
    {
        Magic = magic;
        Attributes = attributes;
        Timestamp = timestamp;
        Key = key;
        KeyIsNull = keyIsNull;
        Value = value;
        ValueIsNull = valueIsNull;
    }

    public byte Magic { get; }

    public byte Attributes { get; }

    /// <summary>The magic 1 timestamp; -1 for magic 0.</summary>
    public long Timestamp { get; }

    public ReadOnlySpan<byte> Key { get; }

    public bool KeyIsNull { get; }

    public ReadOnlySpan<byte> Value { get; }

    public bool ValueIsNull { get; }

    /// <summary>The codec id, bits 0-2 of the attributes.</summary>
    public int Codec => Attributes & CodecMask;

    /// <summary>Magic 1 attribute bit 3: the timestamp is the broker's append time.</summary>
    public bool IsLogAppendTime => Magic == 1 && (Attributes & LogAppendTimeFlag) != 0;

    /// <summary>The CRC-32 (IEEE) over magic to the end, which the message stores in its first four bytes.</summary>
    public static uint ComputeCrc(ReadOnlySpan<byte> message) => Crc32.HashToUInt32(message[4..]);

    /// <summary>The CRC the message stores.</summary>
    public static uint StoredCrc(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadUInt32BigEndian(message);

    /// <summary>Parses <paramref name="message"/>, which must end exactly after the value.</summary>
    /// <exception cref="KafkaProtocolException">The message is shorter than its fields or has bytes after them.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LegacyMessage Parse(ReadOnlySpan<byte> message)
    {
        if (message.Length < MinSizeV0)
            throw Malformed($"a message of {message.Length} bytes is shorter than the {MinSizeV0}-byte minimum");
        var magic = message[4];
        if (magic > 1)
            throw Malformed($"magic {magic} inside a message set; only 0 and 1 are message formats");
        if (magic == 1 && message.Length < MinSizeV1)
            throw Malformed($"a magic 1 message of {message.Length} bytes is shorter than the {MinSizeV1}-byte minimum");

        var timestamp = magic == 1 ? BinaryPrimitives.ReadInt64BigEndian(message[6..]) : -1;
        var reader = new KafkaReader(message[(magic == 1 ? 14 : 6)..]);
        var key = reader.ReadNullableBytes(out var keyIsNull);
        var value = reader.ReadNullableBytes(out var valueIsNull);
        if (reader.Remaining != 0)
            throw Malformed($"{reader.Remaining} bytes follow the value");
        return new LegacyMessage(magic, message[5], timestamp, key, keyIsNull, value, valueIsNull);
    }

    private static KafkaProtocolException Malformed(string what) => new($"Malformed message: {what}.");
}
