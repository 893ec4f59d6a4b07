using System.Buffers;
using System.Text;
using Sluice.Protocol;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>The pooled writer as a buffer: growth, backpatching, reset, dispose and the IBufferWriter surface.</summary>
public sealed class KafkaWriterBehaviourTests
{
    [Fact]
    public void Growth_past_the_initial_capacity_keeps_every_earlier_byte()
    {
        using var writer = new KafkaWriter(initialCapacity: 16);
        var expected = new List<byte>();
        for (var i = 0; i < 20_000; i++)
        {
            writer.WriteInt8((sbyte)(i * 31));
            expected.Add((byte)(i * 31));
            if (i % 7 == 0)
            {
                // A multi-byte value that straddles the end of the current buffer at some point.
                writer.WriteInt64(0x0102030405060708L + i);
                expected.AddRange(BitConverter.GetBytes(0x0102030405060708L + i).Reverse());
            }
        }

        Assert.Equal(expected.Count, writer.Position);
        Assert.Equal(expected.ToArray(), writer.WrittenSpan.ToArray());
        Assert.Equal(expected.ToArray(), writer.WrittenMemory.ToArray());
    }

    [Fact]
    public void Growth_in_the_middle_of_a_primitive_writes_it_whole()
    {
        using var writer = new KafkaWriter(initialCapacity: 16);
        writer.WriteRaw(Enumerable.Repeat((byte)0xEE, 13).ToArray());
        writer.WriteUuid(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"));
        writer.WriteString(new string('s', 100), flexible: true);

        var reader = new KafkaReader(writer.WrittenSpan);
        Assert.Equal(Enumerable.Repeat((byte)0xEE, 13).ToArray(), reader.ReadRaw(13).ToArray());
        Assert.Equal(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), reader.ReadUuid());
        Assert.Equal(new string('s', 100), reader.ReadCompactString());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Skip_reserves_zeroed_bytes_and_WriteInt32At_backpatches_a_size_prefix()
    {
        using var writer = new KafkaWriter();
        writer.WriteInt8(0x11);
        var sizeAt = writer.Skip(4);
        Assert.Equal(1, sizeAt);
        Assert.Equal(5, writer.Position);
        AssertBytes("11 00 00 00 00", writer.WrittenSpan);

        writer.WriteString("abc", flexible: false);
        writer.WriteInt32At(sizeAt, writer.Position - sizeAt - 4);
        AssertBytes("11 00 00 00 05 00 03 61 62 63", writer.WrittenSpan);
        Assert.Equal(10, writer.Position); // backpatching does not move the position
    }

    [Fact]
    public void WriteUInt32At_backpatches_a_crc_sized_value_big_endian()
    {
        using var writer = new KafkaWriter();
        var crcAt = writer.Skip(4);
        writer.WriteInt16(7);
        writer.WriteUInt32At(crcAt, 0xDEADBEEF);
        AssertBytes("DE AD BE EF 00 07", writer.WrittenSpan);
        Assert.Equal("00 07", ToHex(writer.WrittenFrom(crcAt + 4)));
    }

    [Fact]
    public void Backpatch_reserved_before_growth_lands_in_the_grown_buffer()
    {
        using var writer = new KafkaWriter(initialCapacity: 16);
        var at = writer.Skip(4);
        var body = Enumerable.Range(0, 5_000).Select(i => (byte)i).ToArray();
        writer.WriteRaw(body);
        writer.WriteInt32At(at, body.Length);

        var reader = new KafkaReader(writer.WrittenSpan);
        Assert.Equal(body, reader.ReadNullableBytes(out var isNull).ToArray());
        Assert.False(isNull);
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Skip_zeroes_bytes_left_over_from_before_a_reset()
    {
        using var writer = new KafkaWriter(initialCapacity: 16);
        writer.WriteInt64(-1);
        writer.Reset();
        var at = writer.Skip(8);
        Assert.Equal(0, at);
        AssertBytes("00 00 00 00 00 00 00 00", writer.WrittenSpan);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]   // 2..6 overlaps the end by one byte
    [InlineData(4)]   // 4..8 mostly past the end
    [InlineData(5)]   // exactly at the position
    [InlineData(100)]
    [InlineData(int.MaxValue - 1)]
    [InlineData(int.MinValue)]
    public void Backpatching_at_an_offset_beyond_what_was_written_is_refused(int offset)
    {
        using var writer = new KafkaWriter();
        writer.WriteInt32(0x01020304);
        writer.WriteInt8(5);
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => writer.WriteInt32At(offset, -1));
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => writer.WriteUInt32At(offset, uint.MaxValue));
        AssertBytes("01 02 03 04 05", writer.WrittenSpan);
        Assert.Equal(5, writer.Position);
    }

    [Fact]
    public void Backpatching_the_last_four_written_bytes_is_allowed()
    {
        using var writer = new KafkaWriter();
        writer.WriteInt8(9);
        writer.WriteInt32(0);
        writer.WriteInt32At(1, -2);
        AssertBytes("09 FF FF FF FE", writer.WrittenSpan);
    }

    [Fact]
    public void WrittenFrom_returns_the_tail_and_refuses_offsets_past_the_position()
    {
        using var writer = new KafkaWriter();
        writer.WriteInt16(0x0102);
        writer.WriteInt16(0x0304);
        AssertBytes("03 04", writer.WrittenFrom(2));
        Assert.True(writer.WrittenFrom(4).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WrittenFrom(5).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WrittenFrom(-1).ToArray());
    }

    [Fact]
    public void Reset_forgets_everything_written_and_writes_from_the_start_again()
    {
        using var writer = new KafkaWriter(initialCapacity: 16);
        writer.WriteString(new string('x', 500), flexible: false);
        writer.Reset();
        Assert.Equal(0, writer.Position);
        Assert.True(writer.WrittenSpan.IsEmpty);

        writer.WriteInt16(0x0A0B);
        AssertBytes("0A 0B", writer.WrittenSpan);
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteInt32At(0, 1)); // the old 502 bytes are gone
    }

    [Fact]
    public void Using_the_writer_after_dispose_raises_object_disposed_exception()
    {
        var writer = new KafkaWriter();
        writer.WriteInt32(1);
        writer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => writer.WriteInt8(1));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteInt32(1));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteInt64(1));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteUuid(Guid.Empty));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteUnsignedVarInt(300));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteVarLong(-1));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteString("a", flexible: true));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteNullableString(null, flexible: false));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteNullableBytes([1], isNull: false, flexible: false));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteArrayLength(0, flexible: true));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteEmptyTaggedFields());
        Assert.Throws<ObjectDisposedException>(() => writer.WriteRaw([]));
        Assert.Throws<ObjectDisposedException>(() => writer.Skip(4));
        Assert.Throws<ObjectDisposedException>(() => writer.GetSpan().Length);
        Assert.Throws<ObjectDisposedException>(() => writer.GetMemory().Length);
        Assert.Throws<ObjectDisposedException>(() => writer.WriteInt32At(0, 1));
        Assert.Throws<ObjectDisposedException>(() => writer.WriteUInt32At(0, 1));
        Assert.Throws<ObjectDisposedException>(() => writer.Advance(0));
        Assert.Throws<ObjectDisposedException>(() => writer.Advance(1));
    }

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        var writer = new KafkaWriter();
        writer.WriteInt8(1);
        writer.Dispose();
        writer.Dispose();
        Assert.Equal(0, writer.Position);
        Assert.True(writer.WrittenSpan.IsEmpty);
    }

    [Fact]
    public void GetSpan_and_Advance_append_after_earlier_writes()
    {
        using var writer = new KafkaWriter(initialCapacity: 16);
        writer.WriteInt16(0x0102);

        var span = writer.GetSpan();
        Assert.True(span.Length >= 1);
        span[0] = 0xAA;
        writer.Advance(1);

        var big = writer.GetSpan(sizeHint: 1_000); // forces growth
        Assert.True(big.Length >= 1_000);
        big[..1_000].Fill(0x5C);
        writer.Advance(1_000);

        var memory = writer.GetMemory(3);
        Assert.True(memory.Length >= 3);
        memory.Span[..3].Fill(0x33);
        writer.Advance(3);

        writer.WriteInt8(-1);

        Assert.Equal(2 + 1 + 1_000 + 3 + 1, writer.Position);
        AssertBytes("01 02 AA", writer.WrittenSpan[..3]);
        Assert.All(writer.WrittenSpan.Slice(3, 1_000).ToArray(), b => Assert.Equal(0x5C, b));
        AssertBytes("33 33 33 FF", writer.WrittenSpan[^4..]);
    }

    [Fact]
    public void Writer_works_as_an_IBufferWriter_for_framework_encoders_between_a_skip_and_its_backpatch()
    {
        using var writer = new KafkaWriter(initialCapacity: 16);
        writer.WriteInt8(0x7E);
        var lengthAt = writer.Skip(4);
        var text = string.Concat(Enumerable.Repeat("zażółć \U0001F600 ", 60));
        var count = Encoding.UTF8.GetBytes(text, (IBufferWriter<byte>)writer); // grows through GetSpan/Advance
        writer.WriteInt32At(lengthAt, (int)count);
        writer.WriteInt8(0x7F);

        Assert.Equal(Encoding.UTF8.GetByteCount(text), count);
        Assert.Equal(1 + 4 + count + 1, writer.Position);
        var reader = new KafkaReader(writer.WrittenSpan);
        Assert.Equal(0x7E, reader.ReadInt8());
        Assert.Equal(text, Encoding.UTF8.GetString(reader.ReadBytes(flexible: false)));
        Assert.Equal(0x7F, reader.ReadInt8());
        Assert.Equal(0, reader.Remaining);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Advance_by_a_negative_count_is_refused(int count)
    {
        using var writer = new KafkaWriter();
        writer.WriteInt8(1);
        _ = writer.GetSpan();
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(count));
        Assert.Equal(1, writer.Position);
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(int.MaxValue)]      // position + count overflows int
    [InlineData(int.MaxValue - 1)]
    public void Advance_past_the_buffer_is_refused_and_leaves_the_position(int count)
    {
        using var writer = new KafkaWriter();
        writer.WriteInt16(0x0102);
        _ = writer.GetSpan();
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(count));
        Assert.Equal(2, writer.Position);
        AssertBytes("01 02", writer.WrittenSpan);
    }
}
