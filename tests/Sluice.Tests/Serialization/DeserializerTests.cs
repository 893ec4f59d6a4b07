using Sluice.Protocol.Records;
using Sluice.Serialization;
using Xunit;

namespace Sluice.Tests.Serialization;

public sealed class DeserializerTests
{
    private static ConsumedRecord Record(byte[]? key, byte[]? value) => new("t", 2, 41, 0, TimestampType.CreateTime, key, value, [], -1);

    [Fact]
    public void Utf8_keys_and_values_come_out_as_text_and_null_stays_null()
    {
        var result = ConsumeResult<string?, string?>.From(Record("ключ"u8.ToArray(), null), Deserializers.Utf8, Deserializers.Utf8);

        Assert.Equal("ключ", result.Key);
        Assert.Null(result.Value);
        Assert.Equal(41, result.Offset);
    }

    [Fact]
    public void Integers_are_read_big_endian_as_kafka_writes_them()
    {
        var result = ConsumeResult<int?, long?>.From(Record([0, 0, 1, 0], [0, 0, 0, 0, 0, 0, 0, 42]), Deserializers.Int32, Deserializers.Int64);

        Assert.Equal(256, result.Key);
        Assert.Equal(42L, result.Value);
    }

    [Fact]
    public void A_value_that_cannot_be_deserialized_names_the_record_and_the_field()
    {
        var failure = Assert.Throws<DeserializationException>(() => ConsumeResult<byte[]?, string?>.From(Record(null, [0xFF, 0xFE]), Deserializers.ByteArray, Deserializers.Utf8));

        Assert.Equal(new TopicPartition("t", 2), failure.Partition);
        Assert.Equal(41, failure.Offset);
        Assert.Equal("value", failure.Field);
        Assert.Contains("t-2 at offset 41", failure.Message);
    }

    [Fact]
    public void A_wrong_sized_integer_is_a_clear_error_not_garbage()
    {
        var failure = Assert.Throws<DeserializationException>(() => ConsumeResult<int?, object?>.From(Record([1, 2, 3], null), Deserializers.Int32, Deserializers.Ignore));

        Assert.Equal("key", failure.Field);
        Assert.Contains("4 bytes", failure.Message);
    }

    [Fact]
    public void A_custom_function_can_deserialize()
    {
        var reversed = Deserializers.From((data, _) => data is null ? "" : new string(System.Text.Encoding.ASCII.GetString(data).Reverse().ToArray()));

        Assert.Equal("cba", ConsumeResult<string, string>.From(Record(null, "abc"u8.ToArray()), reversed, reversed).Value);
    }
}
