using System.Text;
using Sluice.Protocol;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>
/// Property tests with fixed seeds: thousands of random values per primitive round-trip, checked against
/// independent oracles (manual big-endian layout, LEB128 decoding by hand, zigzag computed in wider integers).
/// </summary>
public sealed class RandomisedRoundTripTests
{
    private const int Iterations = 5_000;

    [Fact]
    public void Random_fixed_width_integers_round_trip_in_big_endian_order()
    {
        var rng = new Random(20261124);
        for (var i = 0; i < Iterations; i++)
        {
            var i8 = RandomPrimitives.Int8(rng);
            var i16 = RandomPrimitives.Int16(rng);
            var u16 = RandomPrimitives.UInt16(rng);
            var i32 = RandomPrimitives.Int32(rng);
            var u32 = RandomPrimitives.UInt32(rng);
            var i64 = RandomPrimitives.Int64(rng);
            var bytes = Encode(w =>
            {
                w.WriteInt8(i8);
                w.WriteInt16(i16);
                w.WriteUInt16(u16);
                w.WriteInt32(i32);
                w.WriteUInt32(u32);
                w.WriteInt64(i64);
            });

            Assert.Equal(1 + 2 + 2 + 4 + 4 + 8, bytes.Length);
            AssertBigEndian((byte)i8, 1, bytes, 0);
            AssertBigEndian((ushort)i16, 2, bytes, 1);
            AssertBigEndian(u16, 2, bytes, 3);
            AssertBigEndian((uint)i32, 4, bytes, 5);
            AssertBigEndian(u32, 4, bytes, 9);
            AssertBigEndian((ulong)i64, 8, bytes, 13);

            ReadAll(bytes, (ref KafkaReader r) =>
            {
                Assert.Equal(i8, r.ReadInt8());
                Assert.Equal(i16, r.ReadInt16());
                Assert.Equal(u16, r.ReadUInt16());
                Assert.Equal(i32, r.ReadInt32());
                Assert.Equal(u32, r.ReadUInt32());
                Assert.Equal(i64, r.ReadInt64());
            });
        }
    }

    [Fact]
    public void Random_float64_bit_patterns_round_trip_exactly()
    {
        var rng = new Random(42);
        for (var i = 0; i < Iterations; i++)
        {
            var value = RandomPrimitives.Float64(rng);
            var bits = BitConverter.DoubleToInt64Bits(value);
            var bytes = Encode(w => w.WriteFloat64(value));
            AssertBigEndian((ulong)bits, 8, bytes, 0);
            ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(bits, BitConverter.DoubleToInt64Bits(r.ReadFloat64())));
        }
    }

    [Fact]
    public void Random_uuids_round_trip_and_match_their_canonical_hex()
    {
        var rng = new Random(7);
        for (var i = 0; i < Iterations; i++)
        {
            var uuid = RandomPrimitives.Uuid(rng);
            var bytes = Encode(w => w.WriteUuid(uuid));
            Assert.Equal(uuid.ToString("N"), Convert.ToHexString(bytes), ignoreCase: true);
            ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(uuid, r.ReadUuid()));
        }
    }

    [Fact]
    public void Random_unsigned_varints_round_trip_with_the_minimal_length()
    {
        var rng = new Random(1);
        var lengthsSeen = new HashSet<int>();
        for (var i = 0; i < Iterations * 2; i++)
        {
            var value = RandomPrimitives.UInt32(rng);
            var bytes = Encode(w => w.WriteUnsignedVarInt(value));
            Assert.Equal(MinimalVarLength(value), bytes.Length);
            Assert.Equal(value, DecodeLeb128(bytes));
            lengthsSeen.Add(bytes.Length);
            ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadUnsignedVarInt()));
        }

        Assert.Equal([1, 2, 3, 4, 5], lengthsSeen.Order());
    }

    [Fact]
    public void Random_unsigned_varlongs_round_trip_with_the_minimal_length()
    {
        var rng = new Random(2);
        var lengthsSeen = new HashSet<int>();
        for (var i = 0; i < Iterations * 2; i++)
        {
            var value = RandomPrimitives.UInt64(rng);
            var bytes = Encode(w => w.WriteUnsignedVarLong(value));
            Assert.Equal(MinimalVarLength(value), bytes.Length);
            Assert.Equal(value, DecodeLeb128(bytes));
            lengthsSeen.Add(bytes.Length);
            ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadUnsignedVarLong()));
        }

        Assert.Equal(Enumerable.Range(1, 10), lengthsSeen.Order());
    }

    [Fact]
    public void Random_zigzag_varints_round_trip_and_match_the_zigzag_formula()
    {
        var rng = new Random(3);
        for (var i = 0; i < Iterations * 2; i++)
        {
            var value = RandomPrimitives.Int32(rng);
            // Zigzag in 64-bit arithmetic, so no overflow trick is shared with the code under test.
            var zigzag = (ulong)(value >= 0 ? 2L * value : -2L * value - 1);
            var bytes = Encode(w => w.WriteVarInt(value));
            Assert.Equal(zigzag, DecodeLeb128(bytes));
            Assert.Equal(MinimalVarLength(zigzag), bytes.Length);
            ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadVarInt()));
        }
    }

    [Fact]
    public void Random_zigzag_varlongs_round_trip_and_match_the_zigzag_formula()
    {
        var rng = new Random(4);
        for (var i = 0; i < Iterations * 2; i++)
        {
            var value = RandomPrimitives.Int64(rng);
            var zigzag = (ulong)(value >= 0 ? 2 * (Int128)value : -2 * (Int128)value - 1);
            var bytes = Encode(w => w.WriteVarLong(value));
            Assert.Equal(zigzag, DecodeLeb128(bytes));
            Assert.Equal(MinimalVarLength(zigzag), bytes.Length);
            ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadVarLong()));
        }
    }

    [Fact]
    public void Random_strings_round_trip_in_both_encodings_with_utf8_byte_lengths()
    {
        var rng = new Random(5);
        for (var i = 0; i < Iterations; i++)
        {
            string? text = rng.Next(0, 10) == 0 ? null : RandomPrimitives.Text(rng, 60);
            var utf8 = text is null ? null : Encoding.UTF8.GetBytes(text);

            var classic = Encode(w => w.WriteNullableString(text, flexible: false));
            var compact = Encode(w => w.WriteNullableString(text, flexible: true));
            if (utf8 is null)
            {
                AssertBytes("FF FF", classic);
                AssertBytes("00", compact);
            }
            else
            {
                Assert.Equal(utf8.Length, (classic[0] << 8) | classic[1]);
                Assert.Equal(utf8, classic[2..]);
                var prefix = MinimalVarLength((uint)utf8.Length + 1);
                Assert.Equal((ulong)utf8.Length + 1, DecodeLeb128(compact.AsSpan(0, prefix)));
                Assert.Equal(utf8, compact[prefix..]);
            }

            ReadAll(classic, (ref KafkaReader r) => Assert.Equal(text, r.ReadNullableString()));
            ReadAll(compact, (ref KafkaReader r) => Assert.Equal(text, r.ReadCompactNullableString()));
        }
    }

    [Fact]
    public void Random_bytes_round_trip_in_both_encodings()
    {
        var rng = new Random(6);
        for (var i = 0; i < Iterations; i++)
        {
            var isNull = rng.Next(0, 10) == 0;
            var payload = isNull ? [] : RandomPrimitives.Bytes(rng, 300);
            foreach (var flexible in new[] { false, true })
            {
                var bytes = Encode(w => w.WriteNullableBytes(payload, isNull, flexible));
                ReadAll(bytes, (ref KafkaReader r) =>
                {
                    var span = r.ReadNullableBytes(flexible, out var readNull);
                    Assert.Equal(isNull, readNull);
                    Assert.Equal(payload, span.ToArray());
                });
            }
        }
    }

    [Fact]
    public void Random_sequences_of_mixed_primitives_read_back_in_order()
    {
        var rng = new Random(8675309);
        var kinds = new HashSet<string>();
        for (var sequence = 0; sequence < 1_000; sequence++)
        {
            var ops = Enumerable.Range(0, rng.Next(1, 40)).Select(_ => RandomPrimitives.Op(rng)).ToArray();
            // A tiny initial capacity, so the buffer grows in the middle of primitives.
            var bytes = Encode(w =>
            {
                foreach (var op in ops)
                    op.Write(w);
            }, initialCapacity: 1);

            var reader = new KafkaReader(bytes);
            for (var i = 0; i < ops.Length; i++)
            {
                var before = reader.Position;
                var actual = ops[i].Read(ref reader);
                Assert.True(Equals(ops[i].Expected, actual),
                    $"sequence {sequence}, op {i} {ops[i]}: read {actual ?? "null"} at offset {before}; ops: {string.Join(", ", ops.Select(o => o.Name))}");
                Assert.True(reader.Position > before || ops[i].Name == "raw", $"{ops[i]} did not advance");
                kinds.Add(ops[i].Name);
            }

            Assert.Equal(0, reader.Remaining);
        }

        Assert.True(kinds.Count >= 22, $"only {kinds.Count} kinds of primitive were exercised: {string.Join(", ", kinds.Order())}");
    }

    private static void AssertBigEndian(ulong value, int width, byte[] bytes, int offset)
    {
        for (var i = 0; i < width; i++)
            Assert.Equal((byte)(value >> (8 * (width - 1 - i))), bytes[offset + i]);
    }

    private static int MinimalVarLength(ulong value)
    {
        var length = 1;
        while (value >= 128)
        {
            value /= 128;
            length++;
        }

        return length;
    }

    /// <summary>Decodes LEB128 by summing 7-bit groups times powers of 128, checking the continuation bits.</summary>
    private static ulong DecodeLeb128(ReadOnlySpan<byte> bytes)
    {
        UInt128 total = 0;
        UInt128 scale = 1;
        for (var i = 0; i < bytes.Length; i++)
        {
            Assert.Equal(i < bytes.Length - 1, bytes[i] >= 0x80);
            total += (UInt128)(bytes[i] & 0x7F) * scale;
            scale *= 128;
        }

        return checked((ulong)total);
    }
}
