using Sluice.Protocol;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>Nullable bytes and array lengths in both encodings.</summary>
public sealed class BytesAndArrayTests
{
    [Theory]
    [InlineData(false, "FF FF FF FF")]
    [InlineData(true, "00")]
    public void Null_bytes_round_trip_as_null(bool flexible, string hex)
    {
        var bytes = Encode(w => w.WriteNullableBytes(default, isNull: true, flexible));
        AssertBytes(hex, bytes);
        ReadAll(bytes, (ref KafkaReader r) =>
        {
            var span = r.ReadNullableBytes(flexible, out var isNull);
            Assert.True(isNull);
            Assert.True(span.IsEmpty);
        });
    }

    [Fact]
    public void Null_flag_wins_over_a_non_empty_span()
    {
        var bytes = Encode(w => w.WriteNullableBytes([1, 2, 3], isNull: true, flexible: false));
        AssertBytes("FF FF FF FF", bytes);
    }

    [Theory]
    [InlineData(false, "00 00 00 00")]
    [InlineData(true, "01")]
    public void Empty_bytes_are_not_null(bool flexible, string hex)
    {
        var bytes = Encode(w => w.WriteNullableBytes(ReadOnlySpan<byte>.Empty, isNull: false, flexible));
        AssertBytes(hex, bytes);
        ReadAll(bytes, (ref KafkaReader r) =>
        {
            var span = r.ReadNullableBytes(flexible, out var isNull);
            Assert.False(isNull);
            Assert.Equal(0, span.Length);
        });
        ReadAll(bytes, (ref KafkaReader r) => Assert.Empty(r.ReadBytes(flexible)));
    }

    [Theory]
    [InlineData(false, "00 00 00 03 0A 0B 0C")]
    [InlineData(true, "04 0A 0B 0C")]
    public void Non_empty_bytes_have_the_exact_layout_and_round_trip(bool flexible, string hex)
    {
        var bytes = Encode(w => w.WriteNullableBytes([0x0A, 0x0B, 0x0C], isNull: false, flexible));
        AssertBytes(hex, bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal([0x0A, 0x0B, 0x0C], r.ReadBytes(flexible)));
    }

    [Fact]
    public void Classic_and_compact_specific_byte_readers_match_the_flexible_switch()
    {
        var payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var classic = Encode(w => w.WriteNullableBytes(payload, isNull: false, flexible: false));
        var compact = Encode(w => w.WriteNullableBytes(payload, isNull: false, flexible: true));
        AssertBytes("00 00 01 2C", classic.AsSpan(0, 4));
        AssertBytes("AD 02", compact.AsSpan(0, 2));
        ReadAll(classic, (ref KafkaReader r) => Assert.Equal(payload, r.ReadNullableBytes(out _).ToArray()));
        ReadAll(compact, (ref KafkaReader r) => Assert.Equal(payload, r.ReadCompactNullableBytes(out _).ToArray()));
    }

    [Fact]
    public void Read_bytes_are_a_copy_but_nullable_bytes_are_a_slice_of_the_buffer()
    {
        var bytes = Encode(w => w.WriteNullableBytes([1, 2], isNull: false, flexible: true));
        var reader = new KafkaReader(bytes);
        var slice = reader.ReadCompactNullableBytes(out _);
        Assert.True(((ReadOnlySpan<byte>)bytes).Overlaps(slice, out var offset));
        Assert.Equal(1, offset);

        var copy = new KafkaReader(bytes).ReadBytes(flexible: true);
        bytes[1] = 99;
        Assert.Equal([1, 2], copy);
    }

    [Theory]
    [InlineData(-1, false, "FF FF FF FF")]
    [InlineData(0, false, "00 00 00 00")]
    [InlineData(3, false, "00 00 00 03")]
    [InlineData(-1, true, "00")]
    [InlineData(0, true, "01")]
    [InlineData(3, true, "04")]
    [InlineData(127, true, "80 01")]
    public void Array_length_has_the_exact_layout(int count, bool flexible, string hex) =>
        AssertBytes(hex, Encode(w => w.WriteArrayLength(count, flexible)));

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, false)]
    [InlineData(5, false)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(5, true)]
    [InlineData(200, true)]
    public void Array_length_round_trips_when_the_elements_follow(int count, bool flexible)
    {
        var bytes = Encode(w =>
        {
            w.WriteArrayLength(count, flexible);
            for (var i = 0; i < count; i++)
                w.WriteInt8((sbyte)i);
        });
        ReadAll(bytes, (ref KafkaReader r) =>
        {
            Assert.Equal(count, r.ReadArrayLength(flexible));
            for (var i = 0; i < count; i++)
                Assert.Equal((sbyte)i, r.ReadInt8());
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Non_null_array_length_accepts_zero_and_n(bool flexible)
    {
        ReadAll(Encode(w => w.WriteArrayLength(0, flexible)), (ref KafkaReader r) => Assert.Equal(0, r.ReadNonNullArrayLength(flexible)));
        var bytes = Encode(w =>
        {
            w.WriteArrayLength(2, flexible);
            w.WriteInt8(1);
            w.WriteInt8(2);
        });
        var reader = new KafkaReader(bytes);
        Assert.Equal(2, reader.ReadNonNullArrayLength(flexible));
        Assert.Equal(2, reader.Remaining);
    }

    [Fact]
    public void Array_length_below_minus_one_is_refused_by_the_writer()
    {
        using var writer = new KafkaWriter();
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteArrayLength(-2, flexible: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteArrayLength(int.MinValue, flexible: true));
        Assert.Equal(0, writer.Position);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Int32_array_round_trips_and_null_reads_as_empty(bool flexible)
    {
        int[] values = [int.MinValue, -1, 0, 1, int.MaxValue];
        var bytes = Encode(w =>
        {
            w.WriteArrayLength(values.Length, flexible);
            foreach (var v in values)
                w.WriteInt32(v);
            w.WriteArrayLength(-1, flexible);
            w.WriteArrayLength(0, flexible);
        });
        ReadAll(bytes, (ref KafkaReader r) =>
        {
            Assert.Equal(values, r.ReadInt32Array(flexible));
            Assert.Empty(r.ReadInt32Array(flexible));
            Assert.Empty(r.ReadInt32Array(flexible));
        });
    }
}
