using Sluice.Protocol;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>
/// Unsigned LEB128 varints (protocol lengths and tags) and zigzag varints (record fields): exact encodings,
/// byte lengths at every 7-bit boundary, and round trips at the extremes.
/// </summary>
public sealed class VarintTests
{
    public static TheoryData<uint, int> UnsignedVarIntEdges => new()
    {
        { 0u, 1 },
        { 1u, 1 },
        { 127u, 1 },
        { 128u, 2 },
        { 16383u, 2 },
        { 16384u, 3 },
        { (1u << 21) - 1, 3 },
        { 1u << 21, 4 },
        { (1u << 28) - 1, 4 },
        { 1u << 28, 5 },
        { int.MaxValue, 5 },
        { uint.MaxValue, 5 },
    };

    [Theory]
    [MemberData(nameof(UnsignedVarIntEdges))]
    public void Unsigned_varint_round_trips_every_edge_value_in_the_expected_number_of_bytes(uint value, int expectedLength)
    {
        var bytes = Encode(w => w.WriteUnsignedVarInt(value));
        Assert.Equal(expectedLength, bytes.Length);
        for (var i = 0; i < bytes.Length - 1; i++)
            Assert.True((bytes[i] & 0x80) != 0, $"byte {i} of {ToHex(bytes)} should carry the continuation bit");
        Assert.True((bytes[^1] & 0x80) == 0, $"the last byte of {ToHex(bytes)} should not carry the continuation bit");
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(value, r.ReadUnsignedVarInt()));
    }

    [Theory]
    [InlineData(0u, "00")]
    [InlineData(1u, "01")]
    [InlineData(127u, "7F")]
    [InlineData(128u, "80 01")]
    [InlineData(300u, "AC 02")]
    [InlineData(16383u, "FF 7F")]
    [InlineData(16384u, "80 80 01")]
    [InlineData(2097151u, "FF FF 7F")]
    [InlineData(2097152u, "80 80 80 01")]
    [InlineData(268435455u, "FF FF FF 7F")]
    [InlineData(268435456u, "80 80 80 80 01")]
    [InlineData(uint.MaxValue, "FF FF FF FF 0F")]
    public void Unsigned_varint_is_little_endian_seven_bit_groups(uint value, string hex)
    {
        AssertBytes(hex, Encode(w => w.WriteUnsignedVarInt(value)));
        ReadAll(Hex(hex), (ref KafkaReader r) => Assert.Equal(value, r.ReadUnsignedVarInt()));
    }

    [Theory]
    [InlineData("80 00", 0u)]
    [InlineData("FF 00", 127u)]
    [InlineData("80 80 80 80 00", 0u)]
    public void Non_minimal_unsigned_varint_within_five_bytes_is_accepted(string hex, uint expected) =>
        ReadAll(Hex(hex), (ref KafkaReader r) => Assert.Equal(expected, r.ReadUnsignedVarInt()));

    [Fact]
    public void Unsigned_varlong_length_grows_by_one_byte_every_seven_bits_up_to_ten()
    {
        for (var bits = 0; bits <= 64; bits++)
        {
            // The largest value with `bits` significant bits, and the smallest with bits+1.
            var largest = bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
            var expected = Math.Max(1, (bits + 6) / 7);
            var bytes = Encode(w => w.WriteUnsignedVarLong(largest));
            Assert.True(expected == bytes.Length, $"{largest} encoded as {ToHex(bytes)}, expected {expected} bytes");
            ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(largest, r.ReadUnsignedVarLong()));

            if (bits < 64)
            {
                var next = 1UL << bits;
                var nextBytes = Encode(w => w.WriteUnsignedVarLong(next));
                Assert.Equal(Math.Max(1, (bits + 7) / 7), nextBytes.Length);
                ReadAll(nextBytes, (ref KafkaReader r) => Assert.Equal(next, r.ReadUnsignedVarLong()));
            }
        }
    }

    [Fact]
    public void Unsigned_varlong_max_value_is_ten_bytes_ending_in_01()
    {
        var bytes = Encode(w => w.WriteUnsignedVarLong(ulong.MaxValue));
        AssertBytes("FF FF FF FF FF FF FF FF FF 01", bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(ulong.MaxValue, r.ReadUnsignedVarLong()));
    }

    [Fact]
    public void Unsigned_varint_and_varlong_agree_on_every_32_bit_edge()
    {
        foreach (var (value, _) in UnsignedVarIntEdges.Select(row => ((uint)row[0], (int)row[1])))
        {
            var asInt = Encode(w => w.WriteUnsignedVarInt(value));
            var asLong = Encode(w => w.WriteUnsignedVarLong(value));
            Assert.Equal(ToHex(asInt), ToHex(asLong));
            ReadAll(asInt, (ref KafkaReader r) => Assert.Equal(value, r.ReadUnsignedVarLong()));
        }
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(-1, "01")]
    [InlineData(1, "02")]
    [InlineData(-2, "03")]
    [InlineData(2, "04")]
    [InlineData(-64, "7F")]
    [InlineData(64, "80 01")]
    [InlineData(int.MaxValue, "FE FF FF FF 0F")]
    [InlineData(int.MinValue, "FF FF FF FF 0F")]
    public void Zigzag_varint_has_the_known_encoding(int value, string hex)
    {
        AssertBytes(hex, Encode(w => w.WriteVarInt(value)));
        ReadAll(Hex(hex), (ref KafkaReader r) => Assert.Equal(value, r.ReadVarInt()));
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(-1L, "01")]
    [InlineData(1L, "02")]
    [InlineData(-2L, "03")]
    [InlineData((long)int.MaxValue, "FE FF FF FF 0F")]
    [InlineData((long)int.MinValue, "FF FF FF FF 0F")]
    [InlineData((long)int.MaxValue + 1, "80 80 80 80 10")]
    [InlineData(long.MaxValue, "FE FF FF FF FF FF FF FF FF 01")]
    [InlineData(long.MinValue, "FF FF FF FF FF FF FF FF FF 01")]
    public void Zigzag_varlong_has_the_known_encoding(long value, string hex)
    {
        AssertBytes(hex, Encode(w => w.WriteVarLong(value)));
        ReadAll(Hex(hex), (ref KafkaReader r) => Assert.Equal(value, r.ReadVarLong()));
    }

    [Fact]
    public void Zigzag_and_unsigned_encodings_differ_for_negative_lengths()
    {
        // The primer's warning: protocol lengths are unsigned varints, record fields zigzag. Writing -1 both ways
        // must give different bytes, and reading one as the other must not give the value back.
        var zigzag = Encode(w => w.WriteVarInt(-1));
        var unsigned = Encode(w => w.WriteUnsignedVarInt(unchecked((uint)-1)));
        AssertBytes("01", zigzag);
        AssertBytes("FF FF FF FF 0F", unsigned);
        ReadAll(zigzag, (ref KafkaReader r) => Assert.Equal(1u, r.ReadUnsignedVarInt()));
        ReadAll(Hex("02"), (ref KafkaReader r) => Assert.Equal(1, r.ReadVarInt()));
    }

    [Fact]
    public void Varint_reads_stop_at_the_last_byte_and_leave_the_rest()
    {
        var bytes = Hex("AC 02 7F FF FF FF FF 0F 05");
        var reader = new KafkaReader(bytes);
        Assert.Equal(300u, reader.ReadUnsignedVarInt());
        Assert.Equal(2, reader.Position);
        Assert.Equal(-64, reader.ReadVarInt());
        Assert.Equal(3, reader.Position);
        Assert.Equal(uint.MaxValue, reader.ReadUnsignedVarInt());
        Assert.Equal(8, reader.Position);
        Assert.Equal(-3L, reader.ReadVarLong());
        Assert.Equal(0, reader.Remaining);
    }
}
