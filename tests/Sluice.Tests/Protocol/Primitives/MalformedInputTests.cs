using Sluice.Protocol;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>
/// Malformed or truncated input raises <see cref="KafkaProtocolException"/> and nothing else: no index, range or
/// overflow exception, no allocation sized by a corrupt count.
/// </summary>
public sealed class MalformedInputTests
{
    private static readonly Dictionary<string, (int Width, ReadStep Read)> FixedWidthReads = new()
    {
        ["int8"] = (1, (ref KafkaReader r) => r.ReadInt8()),
        ["boolean"] = (1, (ref KafkaReader r) => r.ReadBoolean()),
        ["int16"] = (2, (ref KafkaReader r) => r.ReadInt16()),
        ["uint16"] = (2, (ref KafkaReader r) => r.ReadUInt16()),
        ["int32"] = (4, (ref KafkaReader r) => r.ReadInt32()),
        ["uint32"] = (4, (ref KafkaReader r) => r.ReadUInt32()),
        ["int64"] = (8, (ref KafkaReader r) => r.ReadInt64()),
        ["float64"] = (8, (ref KafkaReader r) => r.ReadFloat64()),
        ["uuid"] = (16, (ref KafkaReader r) => r.ReadUuid()),
    };

    public static TheoryData<string> FixedWidthNames => new(FixedWidthReads.Keys);

    [Theory]
    [MemberData(nameof(FixedWidthNames))]
    public void Truncated_fixed_width_value_raises_protocol_exception_at_every_cut_point(string name)
    {
        var (width, read) = FixedWidthReads[name];
        for (var cut = 0; cut < width; cut++)
            AssertMalformed(Enumerable.Repeat((byte)0x5A, cut).ToArray(), read);

        // And the full width reads fine, so the cut is what failed.
        ReadAll(Enumerable.Repeat((byte)0x5A, width).ToArray(), read);
    }

    [Fact]
    public void Truncated_fixed_width_value_after_earlier_reads_raises_protocol_exception()
    {
        var ex = AssertMalformed(Hex("00 00 00 01 00 00 00"), (ref KafkaReader r) =>
        {
            r.ReadInt32();
            r.ReadInt32();
        });
        Assert.Contains("offset 4", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("FF FF")]
    [InlineData("80 80 80")]
    [InlineData("FF FF FF FF")]
    public void Truncated_varint_raises_protocol_exception(string hex)
    {
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadUnsignedVarInt());
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadVarInt());
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadUnsignedVarLong());
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadVarLong());
    }

    [Fact]
    public void Truncated_varlong_at_every_length_up_to_nine_bytes_raises_protocol_exception()
    {
        for (var length = 0; length <= 9; length++)
            AssertMalformed(Enumerable.Repeat((byte)0xFF, length).ToArray(), (ref KafkaReader r) => r.ReadUnsignedVarLong());
    }

    [Theory]
    [InlineData("80 80 80 80 80 01")]
    [InlineData("FF FF FF FF FF 00")]
    [InlineData("80 80 80 80 80 80 80 80 80 80 80 00")]
    public void Varint_longer_than_five_bytes_raises_protocol_exception(string hex)
    {
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadUnsignedVarInt());
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadVarInt());
    }

    [Theory]
    [InlineData("80 80 80 80 80 80 80 80 80 80 01")]
    [InlineData("FF FF FF FF FF FF FF FF FF FF 00")]
    [InlineData("FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF 00")]
    public void Varlong_longer_than_ten_bytes_raises_protocol_exception(string hex)
    {
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadUnsignedVarLong());
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadVarLong());
    }

    [Theory]
    [InlineData("80 80 80 80 10")] // 2^32
    [InlineData("FF FF FF FF 1F")] // 2^33 - 1
    [InlineData("FF FF FF FF 7F")] // 2^35 - 1
    [InlineData("FF FF FF FF 8F 00")] // continuation bit on the fifth byte
    public void Varint_overflowing_32_bits_in_its_fifth_byte_raises_protocol_exception(string hex)
    {
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadUnsignedVarInt());
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadVarInt());
    }

    [Fact]
    public void Varint_at_exactly_32_bits_is_accepted_but_one_more_bit_is_not()
    {
        ReadAll(Hex("FF FF FF FF 0F"), (ref KafkaReader r) => Assert.Equal(uint.MaxValue, r.ReadUnsignedVarInt()));
        AssertMalformed(Hex("FF FF FF FF 1F"), (ref KafkaReader r) => r.ReadUnsignedVarInt());
        // The same five bytes are fine as a varlong.
        ReadAll(Hex("FF FF FF FF 1F"), (ref KafkaReader r) => Assert.Equal((1UL << 33) - 1, r.ReadUnsignedVarLong()));
    }

    [Theory]
    [InlineData("FF FF FF FF FF FF FF FF FF 02")]
    [InlineData("FF FF FF FF FF FF FF FF FF 7F")]
    [InlineData("80 80 80 80 80 80 80 80 80 02")]
    public void Varlong_overflowing_64_bits_in_its_tenth_byte_raises_protocol_exception(string hex)
    {
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadUnsignedVarLong());
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadVarLong());
    }

    [Theory]
    [InlineData("FF FE")]
    [InlineData("FF 00")]
    [InlineData("80 00")]
    [InlineData("80 00 41 41 41 41")]
    public void Negative_classic_string_length_other_than_minus_one_raises_protocol_exception(string hex)
    {
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadNullableString());
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadString());
    }

    [Theory]
    [InlineData("00 05 61 62")]
    [InlineData("00 01")]
    [InlineData("7F FF 61")]
    [InlineData("00")]
    public void Classic_string_length_past_the_end_raises_protocol_exception(string hex)
    {
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadNullableString());
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadString(flexible: false));
    }

    [Theory]
    [InlineData("06 61")]
    [InlineData("02")]
    [InlineData("80 01 61 62")]
    [InlineData("FF FF FF FF 07")]          // int.MaxValue + 1 - 1 bytes, nothing follows
    [InlineData("FF FF FF FF 0F 61 62 63")] // raw length uint.MaxValue: past int range
    [InlineData("80 80 80 80 08")]          // raw length 2^31: past int range
    [InlineData("")]
    public void Compact_string_length_past_the_end_raises_protocol_exception(string hex)
    {
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadCompactNullableString());
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadCompactString());
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadString(flexible: true));
    }

    [Theory]
    [InlineData("00 00 00 05 01 02")]
    [InlineData("7F FF FF FF 01")]
    [InlineData("FF FF FF FE")]
    [InlineData("80 00 00 00")]
    [InlineData("00 00")]
    public void Classic_bytes_with_a_bad_length_raise_protocol_exception(string hex)
    {
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadNullableBytes(out _));
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadBytes(flexible: false));
    }

    [Theory]
    [InlineData("05 01 02")]
    [InlineData("FF FF FF FF 0F 01")]
    [InlineData("FF FF FF FF 07")]
    [InlineData("80")]
    public void Compact_bytes_with_a_bad_length_raise_protocol_exception(string hex)
    {
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadCompactNullableBytes(out _));
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadBytes(flexible: true));
    }

    [Fact]
    public void Array_count_of_a_million_with_three_bytes_left_raises_instead_of_allocating()
    {
        var classic = Hex("00 0F 42 40 01 02 03");
        var compact = Encode(w =>
        {
            w.WriteUnsignedVarInt(1_000_001);
            w.WriteRaw([1, 2, 3]);
        });
        foreach (var (bytes, flexible) in new[] { (classic, false), (compact, true) })
        {
            AssertMalformed(bytes, (ref KafkaReader r) => r.ReadArrayLength(flexible));
            AssertMalformed(bytes, (ref KafkaReader r) => r.ReadNonNullArrayLength(flexible));
            AssertMalformed(bytes, (ref KafkaReader r) => r.ReadInt32Array(flexible));
        }
    }

    [Fact]
    public void Array_count_of_int_max_value_raises_instead_of_allocating()
    {
        AssertMalformed(Hex("7F FF FF FF"), (ref KafkaReader r) => r.ReadInt32Array(flexible: false));
        AssertMalformed(Hex("80 80 80 80 08"), (ref KafkaReader r) => r.ReadInt32Array(flexible: true));
        AssertMalformed(Hex("FF FF FF FF 0F"), (ref KafkaReader r) => r.ReadInt32Array(flexible: true));
    }

    [Fact]
    public void Array_count_just_above_the_bytes_left_raises_but_equal_is_allowed()
    {
        var reader = new KafkaReader(Hex("00 00 00 03 01 02 03"));
        Assert.Equal(3, reader.ReadArrayLength(flexible: false));
        AssertMalformed(Hex("00 00 00 04 01 02 03"), (ref KafkaReader r) => r.ReadArrayLength(flexible: false));
        AssertMalformed(Hex("05 01 02 03"), (ref KafkaReader r) => r.ReadArrayLength(flexible: true));
    }

    [Fact]
    public void Int32_array_with_fewer_elements_than_its_count_raises_protocol_exception()
    {
        // Count 2 passes the one-byte-per-element check (5 bytes left) but the second int32 is cut short.
        AssertMalformed(Hex("00 00 00 02 00 00 00 01 00"), (ref KafkaReader r) => r.ReadInt32Array(flexible: false));
    }

    [Theory]
    [InlineData("FF FF FF FE 00")]
    [InlineData("80 00 00 00 00")]
    [InlineData("FF FF FF 00 00")]
    public void Negative_classic_array_length_below_minus_one_raises_protocol_exception(string hex)
    {
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadArrayLength(flexible: false));
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.ReadInt32Array(flexible: false));
    }

    public static TheoryData<string> InvalidUtf8 => new()
    {
        "FF",             // never valid
        "C3 28",          // bad continuation
        "C0 AF",          // overlong '/'
        "E2 82",          // truncated 3-byte sequence
        "ED A0 80",       // UTF-16 surrogate encoded in UTF-8
        "F4 90 80 80",    // above U+10FFFF
        "61 62 80",       // stray continuation after valid ASCII
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void Invalid_utf8_in_a_classic_string_raises_protocol_exception(string hex)
    {
        var payload = Hex(hex);
        var bytes = Encode(w =>
        {
            w.WriteInt16((short)payload.Length);
            w.WriteRaw(payload);
        });
        AssertMalformed(bytes, (ref KafkaReader r) => r.ReadNullableString());
        AssertMalformed(bytes, (ref KafkaReader r) => r.ReadString());
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public void Invalid_utf8_in_a_compact_string_raises_protocol_exception(string hex)
    {
        var payload = Hex(hex);
        var bytes = Encode(w =>
        {
            w.WriteUnsignedVarInt((uint)payload.Length + 1);
            w.WriteRaw(payload);
        });
        AssertMalformed(bytes, (ref KafkaReader r) => r.ReadCompactNullableString());
        AssertMalformed(bytes, (ref KafkaReader r) => r.ReadCompactString());
    }

    [Fact]
    public void Invalid_utf8_is_not_replaced_with_u_fffd()
    {
        // A lenient decoder would return "a\uFFFD"; a client must not silently alter topic or group names.
        var ex = AssertMalformed(Hex("00 02 61 FF"), (ref KafkaReader r) => r.ReadString());
        Assert.IsType<System.Text.DecoderFallbackException>(ex.InnerException);
    }

    [Theory]
    [InlineData("01 00 05 AA")]            // size 5, one byte of data
    [InlineData("01 00 01")]               // size 1, no data
    [InlineData("01 00")]                  // no size
    [InlineData("01")]                     // no tag
    [InlineData("02 00 00 01")]            // second field has no size
    [InlineData("01 00 FF FF FF FF 07 00")] // size int.MaxValue
    [InlineData("01 00 FF FF FF FF 0F 00")] // size uint.MaxValue
    [InlineData("01 00 80 80 80 80 10")]   // size overflows 32 bits
    [InlineData("05 00 00")]               // count larger than the bytes left
    [InlineData("FF FF FF FF 0F")]         // count uint.MaxValue
    [InlineData("")]                       // no count at all
    public void Tagged_field_whose_size_or_count_runs_past_the_end_raises_protocol_exception(string hex) =>
        AssertMalformed(Hex(hex), (ref KafkaReader r) => r.SkipTaggedFields());

    [Fact]
    public void Null_where_a_non_null_value_is_required_raises_protocol_exception()
    {
        AssertMalformed(Hex("FF FF"), (ref KafkaReader r) => r.ReadString());
        AssertMalformed(Hex("FF FF"), (ref KafkaReader r) => r.ReadString(flexible: false));
        AssertMalformed(Hex("00"), (ref KafkaReader r) => r.ReadCompactString());
        AssertMalformed(Hex("00"), (ref KafkaReader r) => r.ReadString(flexible: true));
        AssertMalformed(Hex("FF FF FF FF"), (ref KafkaReader r) => r.ReadNonNullArrayLength(flexible: false));
        AssertMalformed(Hex("00"), (ref KafkaReader r) => r.ReadNonNullArrayLength(flexible: true));
        AssertMalformed(Hex("FF FF FF FF"), (ref KafkaReader r) => r.ReadBytes(flexible: false));
        AssertMalformed(Hex("00"), (ref KafkaReader r) => r.ReadBytes(flexible: true));
    }

    [Fact]
    public void Raw_reads_and_skips_past_the_end_or_negative_raise_protocol_exception()
    {
        AssertMalformed(Hex("01 02"), (ref KafkaReader r) => r.ReadRaw(3));
        AssertMalformed(Hex("01 02"), (ref KafkaReader r) => r.Skip(3));
        AssertMalformed(Hex("01 02"), (ref KafkaReader r) => r.ReadRaw(-1));
        AssertMalformed(Hex("01 02"), (ref KafkaReader r) => r.Skip(int.MinValue));
        AssertMalformed(Hex("01 02"), (ref KafkaReader r) => r.ReadRaw(int.MaxValue));
    }

    [Fact]
    public void Failed_read_does_not_advance_past_the_buffer()
    {
        var reader = new KafkaReader(Hex("00 00 00 09 01 02"));
        try
        {
            reader.ReadNullableBytes(out _);
            Assert.Fail("expected a protocol exception");
        }
        catch (KafkaProtocolException)
        {
        }

        Assert.InRange(reader.Position, 0, 6);
        Assert.Equal(6 - reader.Position, reader.Remaining);
    }
}
