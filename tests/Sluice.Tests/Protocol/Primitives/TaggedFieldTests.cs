using Sluice.Protocol;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>Tagged-field sections: uvarint count, then per field uvarint tag, uvarint size and opaque data.</summary>
public sealed class TaggedFieldTests
{
    [Fact]
    public void Empty_tagged_fields_are_one_zero_byte()
    {
        var bytes = Encode(w => w.WriteEmptyTaggedFields());
        AssertBytes("00", bytes);
        ReadAll(bytes, (ref KafkaReader r) => r.SkipTaggedFields());
    }

    [Fact]
    public void Empty_tagged_fields_between_fields_land_the_reader_on_the_next_field()
    {
        var bytes = Encode(w =>
        {
            w.WriteInt32(7);
            w.WriteEmptyTaggedFields();
            w.WriteInt16(-9);
        });
        ReadAll(bytes, (ref KafkaReader r) =>
        {
            Assert.Equal(7, r.ReadInt32());
            r.SkipTaggedFields();
            Assert.Equal(5, r.Position);
            Assert.Equal(-9, r.ReadInt16());
        });
    }

    [Fact]
    public void Tagged_fields_with_several_entries_are_skipped_and_the_reader_lands_on_the_next_field()
    {
        var big = Enumerable.Range(0, 130).Select(i => (byte)(0x80 | i)).ToArray(); // every byte looks like a varint continuation
        var bytes = Encode(w =>
        {
            w.WriteUnsignedVarInt(4);     // four tagged fields
            w.WriteUnsignedVarInt(0);     // tag 0
            w.WriteUnsignedVarInt(2);     // size 2
            w.WriteRaw([0xAA, 0xBB]);
            w.WriteUnsignedVarInt(1);     // tag 1, empty
            w.WriteUnsignedVarInt(0);
            w.WriteUnsignedVarInt(300);   // tag 300: a two-byte tag
            w.WriteUnsignedVarInt(130);   // size 130: a two-byte size
            w.WriteRaw(big);
            w.WriteUnsignedVarInt(uint.MaxValue); // largest tag
            w.WriteUnsignedVarInt(1);
            w.WriteRaw([0x00]);
            w.WriteInt32(unchecked((int)0xCAFEBABE)); // the next field
        });
        // 1 (count) + 1+1+2 + 1+1 + 2+2+130 + 5+1+1 = 148 bytes of tagged fields, then the int32.
        Assert.Equal(148 + 4, bytes.Length);
        ReadAll(bytes, (ref KafkaReader r) =>
        {
            r.SkipTaggedFields();
            Assert.Equal(148, r.Position);
            Assert.Equal(unchecked((int)0xCAFEBABE), r.ReadInt32());
        });
    }

    [Fact]
    public void Hand_built_tagged_fields_bytes_are_skipped_exactly()
    {
        // count 2; tag 0 size 3 [01 02 03]; tag 5 size 1 [FF]; then a compact string "hi" and the struct's own
        // (empty) tagged fields.
        var bytes = Hex("02 00 03 01 02 03 05 01 FF 03 68 69 00");
        ReadAll(bytes, (ref KafkaReader r) =>
        {
            r.SkipTaggedFields();
            Assert.Equal(9, r.Position);
            Assert.Equal("hi", r.ReadCompactString());
            r.SkipTaggedFields();
        });
    }

    [Fact]
    public void Nested_tagged_field_sections_at_each_struct_level_are_skipped_in_turn()
    {
        // An outer struct with an array of two inner structs, each ending in tagged fields, then the outer tagged
        // fields. Each inner one carries one unknown field.
        var bytes = Encode(w =>
        {
            w.WriteArrayLength(2, flexible: true);
            for (var i = 0; i < 2; i++)
            {
                w.WriteInt32(i);
                w.WriteUnsignedVarInt(1);
                w.WriteUnsignedVarInt(9);
                w.WriteUnsignedVarInt(3);
                w.WriteRaw([1, 2, 3]);
            }

            w.WriteUnsignedVarInt(1);
            w.WriteUnsignedVarInt(2);
            w.WriteUnsignedVarInt(0);
            w.WriteInt8(-1);
        });
        ReadAll(bytes, (ref KafkaReader r) =>
        {
            var count = r.ReadNonNullArrayLength(flexible: true);
            Assert.Equal(2, count);
            for (var i = 0; i < count; i++)
            {
                Assert.Equal(i, r.ReadInt32());
                r.SkipTaggedFields();
            }

            r.SkipTaggedFields();
            Assert.Equal(-1, r.ReadInt8());
        });
    }
}
