using System.Text;
using Sluice.Protocol;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>Reads one value and returns it in a comparable form (see <see cref="RandomPrimitives.Normalise"/>).</summary>
internal delegate object? ReadValue(ref KafkaReader reader);

/// <summary>One primitive in a random sequence: how to write it, how to read it back, and what it should read as.</summary>
internal sealed record PrimitiveOp(string Name, object? Expected, Action<KafkaWriter> Write, ReadValue Read)
{
    public override string ToString() => $"{Name}({Expected ?? "null"})";
}

/// <summary>Edge-biased random values and random primitive operations, all driven by a caller-seeded Random.</summary>
internal static class RandomPrimitives
{
    public static sbyte Int8(Random rng) => (sbyte)rng.Next(sbyte.MinValue, sbyte.MaxValue + 1);

    public static short Int16(Random rng) => Edge<short>(rng, [short.MinValue, short.MaxValue, 0, 1, -1], () => (short)rng.Next(short.MinValue, short.MaxValue + 1));

    public static ushort UInt16(Random rng) => Edge<ushort>(rng, [ushort.MinValue, ushort.MaxValue, 1, 0x8000], () => (ushort)rng.Next(0, ushort.MaxValue + 1));

    public static int Int32(Random rng) => Edge<int>(rng, [int.MinValue, int.MaxValue, 0, 1, -1], () => (int)UInt32Bits(rng));

    public static uint UInt32(Random rng) => Edge<uint>(rng, [uint.MinValue, uint.MaxValue, 1, 0x80000000], () => UInt32Bits(rng));

    public static long Int64(Random rng) => Edge<long>(rng, [long.MinValue, long.MaxValue, 0, 1, -1], () => (long)UInt64Bits(rng));

    public static ulong UInt64(Random rng) => Edge<ulong>(rng, [ulong.MinValue, ulong.MaxValue, 1, 1UL << 63], () => UInt64Bits(rng));

    /// <summary>Any bit pattern, so NaNs with payloads, subnormals, infinities and -0.0 all turn up.</summary>
    public static double Float64(Random rng) =>
        Edge<double>(rng, [double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 0.0, double.Epsilon, double.MaxValue],
            () => BitConverter.Int64BitsToDouble((long)UInt64Bits(rng)));

    public static Guid Uuid(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>A uint whose number of significant bits is uniform in 0..32, so every varint length is common.</summary>
    public static uint UInt32Bits(Random rng)
    {
        var bits = rng.Next(0, 33);
        var raw = (uint)rng.NextInt64(0, 1L << 32);
        return bits == 0 ? 0 : raw >> (32 - bits) | 1u << (bits - 1);
    }

    /// <summary>A ulong whose number of significant bits is uniform in 0..64.</summary>
    public static ulong UInt64Bits(Random rng)
    {
        var bits = rng.Next(0, 65);
        var raw = (ulong)rng.NextInt64() << 1 ^ (ulong)rng.Next(0, 2);
        return bits == 0 ? 0 : raw >> (64 - bits) | 1UL << (bits - 1);
    }

    /// <summary>
    /// A random valid string (no lone surrogates): mostly ASCII, with Polish letters, CJK, and astral emoji, so
    /// one-, two-, three- and four-byte UTF-8 sequences all appear.
    /// </summary>
    public static string Text(Random rng, int maxCodePoints)
    {
        var count = rng.Next(0, maxCodePoints + 1);
        var sb = new StringBuilder(count * 2);
        for (var i = 0; i < count; i++)
        {
            var codePoint = rng.Next(0, 10) switch
            {
                < 5 => rng.Next(0x00, 0x80),
                5 => "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"[rng.Next(0, 18)],
                6 => rng.Next(0x80, 0x800),
                7 => rng.Next(0x4E00, 0x9FFF),
                8 => rng.Next(0xE000, 0x10000),
                _ => rng.Next(0x1F300, 0x1FAFF),
            };
            sb.Append(char.ConvertFromUtf32(codePoint));
        }

        return sb.ToString();
    }

    public static byte[] Bytes(Random rng, int maxLength)
    {
        var bytes = new byte[rng.Next(0, maxLength + 1)];
        rng.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Turns a read value into something Assert.Equal compares by content.</summary>
    public static object? Normalise(object? value) => value switch
    {
        double d => $"f64:{BitConverter.DoubleToInt64Bits(d):X16}",
        byte[] b => $"bytes:{Convert.ToHexString(b)}",
        int[] a => $"ints:{string.Join(',', a)}",
        _ => value,
    };

    public static PrimitiveOp Op(Random rng)
    {
        switch (rng.Next(0, 21))
        {
            case 0:
            {
                var v = Int8(rng);
                return new("int8", v, w => w.WriteInt8(v), (ref KafkaReader r) => r.ReadInt8());
            }
            case 1:
            {
                var v = Int16(rng);
                return new("int16", v, w => w.WriteInt16(v), (ref KafkaReader r) => r.ReadInt16());
            }
            case 2:
            {
                var v = UInt16(rng);
                return new("uint16", v, w => w.WriteUInt16(v), (ref KafkaReader r) => r.ReadUInt16());
            }
            case 3:
            {
                var v = Int32(rng);
                return new("int32", v, w => w.WriteInt32(v), (ref KafkaReader r) => r.ReadInt32());
            }
            case 4:
            {
                var v = UInt32(rng);
                return new("uint32", v, w => w.WriteUInt32(v), (ref KafkaReader r) => r.ReadUInt32());
            }
            case 5:
            {
                var v = Int64(rng);
                return new("int64", v, w => w.WriteInt64(v), (ref KafkaReader r) => r.ReadInt64());
            }
            case 6:
            {
                var v = Float64(rng);
                return new("float64", Normalise(v), w => w.WriteFloat64(v), (ref KafkaReader r) => Normalise(r.ReadFloat64()));
            }
            case 7:
            {
                var v = rng.Next(0, 2) == 1;
                return new("bool", v, w => w.WriteBoolean(v), (ref KafkaReader r) => r.ReadBoolean());
            }
            case 8:
            {
                var v = Uuid(rng);
                return new("uuid", v, w => w.WriteUuid(v), (ref KafkaReader r) => r.ReadUuid());
            }
            case 9:
            {
                var v = UInt32(rng);
                return new("uvarint", v, w => w.WriteUnsignedVarInt(v), (ref KafkaReader r) => r.ReadUnsignedVarInt());
            }
            case 10:
            {
                var v = UInt64(rng);
                return new("uvarlong", v, w => w.WriteUnsignedVarLong(v), (ref KafkaReader r) => r.ReadUnsignedVarLong());
            }
            case 11:
            {
                var v = Int32(rng);
                return new("varint", v, w => w.WriteVarInt(v), (ref KafkaReader r) => r.ReadVarInt());
            }
            case 12:
            {
                var v = Int64(rng);
                return new("varlong", v, w => w.WriteVarLong(v), (ref KafkaReader r) => r.ReadVarLong());
            }
            case 13:
            {
                var v = rng.Next(0, 8) == 0 ? null : Text(rng, 40);
                return new("string", v, w => w.WriteNullableString(v, flexible: false), (ref KafkaReader r) => r.ReadNullableString());
            }
            case 14:
            {
                var v = rng.Next(0, 8) == 0 ? null : Text(rng, 40);
                return new("compact-string", v, w => w.WriteNullableString(v, flexible: true), (ref KafkaReader r) => r.ReadCompactNullableString());
            }
            case 15:
            case 16:
            {
                var flexible = rng.Next(0, 2) == 1;
                var v = rng.Next(0, 8) == 0 ? null : Bytes(rng, 160);
                return new(flexible ? "compact-bytes" : "bytes", Normalise(v),
                    w => w.WriteNullableBytes(v, v is null, flexible),
                    (ref KafkaReader r) =>
                    {
                        var span = r.ReadNullableBytes(flexible, out var isNull);
                        return isNull ? null : Normalise(span.ToArray());
                    });
            }
            case 17:
            {
                var flexible = rng.Next(0, 2) == 1;
                int[]? v = rng.Next(0, 6) == 0 ? null : Enumerable.Range(0, rng.Next(0, 12)).Select(_ => Int32(rng)).ToArray();
                return new(flexible ? "compact-int32-array" : "int32-array", v is null ? "null-array" : Normalise(v),
                    w =>
                    {
                        w.WriteArrayLength(v?.Length ?? -1, flexible);
                        foreach (var x in v ?? [])
                            w.WriteInt32(x);
                    },
                    (ref KafkaReader r) =>
                    {
                        var count = r.ReadArrayLength(flexible);
                        if (count == -1)
                            return "null-array";
                        var values = new int[count];
                        for (var i = 0; i < count; i++)
                            values[i] = r.ReadInt32();
                        return Normalise(values);
                    });
            }
            case 18:
            {
                var fields = Enumerable.Range(0, rng.Next(0, 4)).Select(_ => (Tag: UInt32(rng), Data: Bytes(rng, 20))).ToArray();
                return new("tagged-fields", fields.Length, w =>
                    {
                        w.WriteUnsignedVarInt((uint)fields.Length);
                        foreach (var (tag, data) in fields)
                        {
                            w.WriteUnsignedVarInt(tag);
                            w.WriteUnsignedVarInt((uint)data.Length);
                            w.WriteRaw(data);
                        }
                    },
                    (ref KafkaReader r) =>
                    {
                        r.SkipTaggedFields();
                        return fields.Length;
                    });
            }
            case 19:
            {
                var v = Bytes(rng, 10);
                return new("raw", Normalise(v), w => w.WriteRaw(v), (ref KafkaReader r) => Normalise(r.ReadRaw(v.Length).ToArray()));
            }
            default:
            {
                var flexible = rng.Next(0, 2) == 1;
                var v = Text(rng, 40);
                return new(flexible ? "compact-string-non-null" : "string-non-null", v,
                    w => w.WriteString(v, flexible), (ref KafkaReader r) => r.ReadString(flexible));
            }
        }
    }

    private static T Edge<T>(Random rng, T[] edges, Func<T> random) => rng.Next(0, 5) == 0 ? edges[rng.Next(0, edges.Length)] : random();
}
