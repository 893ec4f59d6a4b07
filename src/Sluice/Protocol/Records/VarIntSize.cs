using System.Numerics;

namespace Sluice.Protocol.Records;

/// <summary>
/// Encoded sizes of zigzag varints. A record's length prefix is itself a varint, so the record's size must be
/// known before its first byte is written.
/// </summary>
internal static class VarIntSize
{
    /// <summary>Bytes <see cref="KafkaWriter.WriteVarInt"/> writes for <paramref name="value"/>.</summary>
    public static int Of(int value) => OfUnsigned((uint)((value << 1) ^ (value >> 31)));

    /// <summary>Bytes <see cref="KafkaWriter.WriteVarLong"/> writes for <paramref name="value"/>.</summary>
    public static int Of(long value) => OfUnsigned((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Bytes of a varint length prefix plus the data, for nullable bytes (null is length -1).</summary>
    public static int OfBytes(byte[]? value) => value is null ? 1 : Of(value.Length) + value.Length;

    private static int OfUnsigned(ulong value) => BitOperations.Log2(value | 1) / 7 + 1;
}
