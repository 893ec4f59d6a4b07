using Sluice.Protocol;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>Fixed-width big-endian primitives: exact bytes and round trips at the edges.</summary>
public sealed class FixedWidthPrimitiveTests
{
    [Theory]
    [InlineData(sbyte.MinValue, "80")]
    [InlineData((sbyte)-1, "FF")]
    [InlineData((sbyte)0, "00")]
    [InlineData((sbyte)1, "01")]
    [InlineData(sbyte.MaxValue, "7F")]
    public void Int8_edge_values_round_trip_as_one_byte(sbyte value, string hex)
    {
        var bytes = Encode(w => w.WriteInt8(value));
        AssertBytes(hex, bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadInt8()));
    }

    [Theory]
    [InlineData(short.MinValue, "80 00")]
    [InlineData((short)-1, "FF FF")]
    [InlineData((short)0, "00 00")]
    [InlineData((short)1, "00 01")]
    [InlineData((short)0x0102, "01 02")]
    [InlineData(short.MaxValue, "7F FF")]
    public void Int16_edge_values_round_trip_big_endian(short value, string hex)
    {
        var bytes = Encode(w => w.WriteInt16(value));
        AssertBytes(hex, bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadInt16()));
    }

    [Theory]
    [InlineData(ushort.MinValue, "00 00")]
    [InlineData((ushort)1, "00 01")]
    [InlineData((ushort)0x8000, "80 00")]
    [InlineData(ushort.MaxValue, "FF FF")]
    public void UInt16_extremes_round_trip_big_endian(ushort value, string hex)
    {
        var bytes = Encode(w => w.WriteUInt16(value));
        AssertBytes(hex, bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadUInt16()));
    }

    [Theory]
    [InlineData(int.MinValue, "80 00 00 00")]
    [InlineData(-1, "FF FF FF FF")]
    [InlineData(0, "00 00 00 00")]
    [InlineData(1, "00 00 00 01")]
    [InlineData(0x01020304, "01 02 03 04")]
    [InlineData(int.MaxValue, "7F FF FF FF")]
    public void Int32_edge_values_round_trip_big_endian(int value, string hex)
    {
        var bytes = Encode(w => w.WriteInt32(value));
        AssertBytes(hex, bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadInt32()));
    }

    [Theory]
    [InlineData(uint.MinValue, "00 00 00 00")]
    [InlineData(1u, "00 00 00 01")]
    [InlineData(0x80000000u, "80 00 00 00")]
    [InlineData(0xDEADBEEFu, "DE AD BE EF")]
    [InlineData(uint.MaxValue, "FF FF FF FF")]
    public void UInt32_extremes_round_trip_big_endian(uint value, string hex)
    {
        var bytes = Encode(w => w.WriteUInt32(value));
        AssertBytes(hex, bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadUInt32()));
    }

    [Theory]
    [InlineData(long.MinValue, "80 00 00 00 00 00 00 00")]
    [InlineData(-1L, "FF FF FF FF FF FF FF FF")]
    [InlineData(0L, "00 00 00 00 00 00 00 00")]
    [InlineData(1L, "00 00 00 00 00 00 00 01")]
    [InlineData(0x0102030405060708L, "01 02 03 04 05 06 07 08")]
    [InlineData(long.MaxValue, "7F FF FF FF FF FF FF FF")]
    public void Int64_edge_values_round_trip_big_endian(long value, string hex)
    {
        var bytes = Encode(w => w.WriteInt64(value));
        AssertBytes(hex, bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadInt64()));
    }

    [Theory]
    [InlineData(0.0, "00 00 00 00 00 00 00 00")]
    [InlineData(-0.0, "80 00 00 00 00 00 00 00")]
    [InlineData(1.0, "3F F0 00 00 00 00 00 00")]
    [InlineData(-2.5, "C0 04 00 00 00 00 00 00")]
    [InlineData(double.PositiveInfinity, "7F F0 00 00 00 00 00 00")]
    [InlineData(double.NegativeInfinity, "FF F0 00 00 00 00 00 00")]
    [InlineData(double.MaxValue, "7F EF FF FF FF FF FF FF")]
    [InlineData(double.Epsilon, "00 00 00 00 00 00 00 01")]
    public void Float64_special_values_round_trip_bit_for_bit(double value, string hex)
    {
        var bytes = Encode(w => w.WriteFloat64(value));
        AssertBytes(hex, bytes);
        ReadAll(bytes, (ref KafkaReader r) =>
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(r.ReadFloat64())));
    }

    [Fact]
    public void Float64_NaN_round_trips_with_its_payload()
    {
        foreach (var bits in new[] { BitConverter.DoubleToInt64Bits(double.NaN), 0x7FF8_0000_0000_0001L, unchecked((long)0xFFF0_0000_DEAD_BEEFUL) })
        {
            var nan = BitConverter.Int64BitsToDouble(bits);
            Assert.True(double.IsNaN(nan));
            var bytes = Encode(w => w.WriteFloat64(nan));
            ReadAll(bytes, (ref KafkaReader r) =>
            {
                var read = r.ReadFloat64();
                Assert.True(double.IsNaN(read));
                Assert.Equal(bits, BitConverter.DoubleToInt64Bits(read));
            });
        }
    }

    [Fact]
    public void Negative_zero_keeps_its_sign()
    {
        var bytes = Encode(w => w.WriteFloat64(-0.0));
        ReadAll(bytes, (ref KafkaReader r) => Assert.True(double.IsNegative(r.ReadFloat64())));
    }

    [Theory]
    [InlineData(false, "00")]
    [InlineData(true, "01")]
    public void Boolean_writes_zero_or_one_and_round_trips(bool value, string hex)
    {
        var bytes = Encode(w => w.WriteBoolean(value));
        AssertBytes(hex, bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadBoolean()));
    }

    [Theory]
    [InlineData("02")]
    [InlineData("7F")]
    [InlineData("80")]
    [InlineData("FF")]
    public void Any_non_zero_boolean_byte_reads_as_true(string hex) =>
        ReadAll(Hex(hex), (ref KafkaReader r) => Assert.True(r.ReadBoolean()));

    [Fact]
    public void Uuid_is_written_most_significant_byte_first()
    {
        // Kafka (java.util.Uuid) writes mostSignificantBits then leastSignificantBits, each big-endian, so the
        // 16 bytes follow the canonical textual form left to right — unlike Guid.ToByteArray(), which swaps the
        // first three groups.
        var uuid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var bytes = Encode(w => w.WriteUuid(uuid));
        AssertBytes("00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF", bytes);
        Assert.NotEqual(ToHex(uuid.ToByteArray()), ToHex(bytes));
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(uuid, r.ReadUuid()));
    }

    [Fact]
    public void Known_uuid_bytes_read_as_the_canonical_uuid()
    {
        // A topic id as Kafka prints it in hex form: bytes on the wire in this exact order.
        var bytes = Hex("7B 3C 9E 10 A4 2F 4D 11 8C 6E 01 23 45 67 89 AB");
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(Guid.Parse("7b3c9e10-a42f-4d11-8c6e-0123456789ab"), r.ReadUuid()));
    }

    [Fact]
    public void Empty_uuid_is_sixteen_zero_bytes()
    {
        var bytes = Encode(w => w.WriteUuid(Guid.Empty));
        AssertBytes("00000000000000000000000000000000", bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(Guid.Empty, r.ReadUuid()));
    }

    [Fact]
    public void All_ones_uuid_round_trips()
    {
        var uuid = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff");
        var bytes = Encode(w => w.WriteUuid(uuid));
        AssertBytes("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(uuid, r.ReadUuid()));
    }

    [Fact]
    public void Consecutive_fixed_width_reads_advance_by_their_width()
    {
        var bytes = Encode(w =>
        {
            w.WriteInt8(-2);
            w.WriteInt16(-3);
            w.WriteUInt16(4);
            w.WriteInt32(-5);
            w.WriteUInt32(6);
            w.WriteInt64(-7);
            w.WriteFloat64(8.5);
            w.WriteBoolean(true);
            w.WriteUuid(Guid.Parse("01020304-0506-0708-090a-0b0c0d0e0f10"));
        });
        Assert.Equal(1 + 2 + 2 + 4 + 4 + 8 + 8 + 1 + 16, bytes.Length);
        ReadAll(bytes, (ref KafkaReader r) =>
        {
            Assert.Equal(-2, r.ReadInt8());
            Assert.Equal(1, r.Position);
            Assert.Equal(-3, r.ReadInt16());
            Assert.Equal(3, r.Position);
            Assert.Equal(4, r.ReadUInt16());
            Assert.Equal(5, r.Position);
            Assert.Equal(-5, r.ReadInt32());
            Assert.Equal(9, r.Position);
            Assert.Equal(6u, r.ReadUInt32());
            Assert.Equal(13, r.Position);
            Assert.Equal(-7L, r.ReadInt64());
            Assert.Equal(21, r.Position);
            Assert.Equal(8.5, r.ReadFloat64());
            Assert.Equal(29, r.Position);
            Assert.True(r.ReadBoolean());
            Assert.Equal(30, r.Position);
            Assert.Equal(Guid.Parse("01020304-0506-0708-090a-0b0c0d0e0f10"), r.ReadUuid());
        });
    }
}
