using System.Text;
using Sluice.Protocol;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>Classic (int16 length, -1 null) and compact (uvarint length+1, 0 null) strings.</summary>
public sealed class StringTests
{
    public static TheoryData<string> Texts => new()
    {
        "",
        "a",
        "sluice-consumer-1",
        "zażółć gęślą jaźń",
        "\u00e9",                 // 2-byte UTF-8
        "\u20ac",                 // 3-byte UTF-8 (euro sign)
        "\U0001F600",             // 4-byte UTF-8 (emoji, a surrogate pair in UTF-16)
        "topic-\U0001F680-\u6f22\u5b57",
        "\0embedded\0nul",
        "\uFEFFleading-bom",     // a decoder must not strip it as a preamble
    };

    [Fact]
    public void Null_classic_string_is_minus_one()
    {
        var bytes = Encode(w => w.WriteNullableString(null, flexible: false));
        AssertBytes("FF FF", bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Null(r.ReadNullableString()));
        ReadAll(bytes, (ref KafkaReader r) => Assert.Null(r.ReadNullableString(flexible: false)));
    }

    [Fact]
    public void Null_compact_string_is_a_single_zero()
    {
        var bytes = Encode(w => w.WriteNullableString(null, flexible: true));
        AssertBytes("00", bytes);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Null(r.ReadCompactNullableString()));
        ReadAll(bytes, (ref KafkaReader r) => Assert.Null(r.ReadNullableString(flexible: true)));
    }

    [Fact]
    public void Empty_string_is_not_null_in_either_encoding()
    {
        var classic = Encode(w => w.WriteString("", flexible: false));
        var compact = Encode(w => w.WriteString("", flexible: true));
        AssertBytes("00 00", classic);
        AssertBytes("01", compact);
        ReadAll(classic, (ref KafkaReader r) => Assert.Equal("", r.ReadNullableString()));
        ReadAll(compact, (ref KafkaReader r) => Assert.Equal("", r.ReadCompactNullableString()));
    }

    [Fact]
    public void Ascii_string_has_the_exact_classic_and_compact_layouts()
    {
        AssertBytes("00 03 61 62 63", Encode(w => w.WriteString("abc", flexible: false)));
        AssertBytes("04 61 62 63", Encode(w => w.WriteString("abc", flexible: true)));
    }

    [Fact]
    public void Multi_byte_string_length_counts_utf8_bytes_not_chars()
    {
        // "zażółć": z a ż ó ł ć = 1+1+2+2+2+2 = 10 bytes for 6 chars.
        const string text = "zażółć";
        var classic = Encode(w => w.WriteString(text, flexible: false));
        var compact = Encode(w => w.WriteString(text, flexible: true));
        AssertBytes("00 0A 7A 61 C5 BC C3 B3 C5 82 C4 87", classic);
        AssertBytes("0B 7A 61 C5 BC C3 B3 C5 82 C4 87", compact);

        // One emoji: 2 UTF-16 chars, 4 UTF-8 bytes.
        AssertBytes("00 04 F0 9F 98 80", Encode(w => w.WriteString("\U0001F600", flexible: false)));
        AssertBytes("05 F0 9F 98 80", Encode(w => w.WriteString("\U0001F600", flexible: true)));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Classic_string_round_trips(string text)
    {
        var bytes = Encode(w => w.WriteString(text, flexible: false));
        Assert.Equal(2 + Encoding.UTF8.GetByteCount(text), bytes.Length);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(text, r.ReadString()));
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(text, r.ReadString(flexible: false)));
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(text, r.ReadNullableString()));
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Compact_string_round_trips(string text)
    {
        var bytes = Encode(w => w.WriteString(text, flexible: true));
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(text, r.ReadCompactString()));
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(text, r.ReadString(flexible: true)));
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(text, r.ReadCompactNullableString()));
    }

    [Fact]
    public void Compact_string_length_prefix_grows_to_two_bytes_at_127_bytes()
    {
        var short126 = Encode(w => w.WriteString(new string('x', 126), flexible: true));
        var long127 = Encode(w => w.WriteString(new string('x', 127), flexible: true));
        Assert.Equal(0x7F, short126[0]);
        Assert.Equal(1 + 126, short126.Length);
        AssertBytes("80 01", long127.AsSpan(0, 2));
        Assert.Equal(2 + 127, long127.Length);
        ReadAll(long127, (ref KafkaReader r) => Assert.Equal(new string('x', 127), r.ReadCompactString()));
    }

    [Fact]
    public void Classic_string_of_exactly_short_max_value_bytes_round_trips()
    {
        var text = new string('k', short.MaxValue);
        var bytes = Encode(w => w.WriteString(text, flexible: false));
        AssertBytes("7F FF", bytes.AsSpan(0, 2));
        Assert.Equal(2 + short.MaxValue, bytes.Length);
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(text, r.ReadString()));
    }

    [Fact]
    public void Classic_multi_byte_string_at_exactly_short_max_value_bytes_round_trips()
    {
        // 16383 two-byte chars = 32766 bytes, plus one ASCII byte = 32767.
        var text = new string('ż', 16383) + "a";
        Assert.Equal(short.MaxValue, Encoding.UTF8.GetByteCount(text));
        var bytes = Encode(w => w.WriteString(text, flexible: false));
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(text, r.ReadString()));
    }

    [Fact]
    public void Classic_string_longer_than_short_max_value_bytes_is_refused()
    {
        using var writer = new KafkaWriter();
        writer.WriteInt8(7);
        var error = Assert.Throws<ArgumentException>(() => writer.WriteString(new string('k', short.MaxValue + 1), flexible: false));
        Assert.Equal("value", error.ParamName);
        // Nothing half-written: the refused string left no length prefix behind.
        AssertBytes("07", writer.WrittenSpan);
    }

    [Fact]
    public void Classic_string_under_short_max_value_chars_but_over_it_in_bytes_is_refused()
    {
        // 20000 chars, 40000 UTF-8 bytes: the limit is on bytes, not chars.
        using var writer = new KafkaWriter();
        Assert.Throws<ArgumentException>(() => writer.WriteNullableString(new string('ł', 20_000), flexible: false));
        Assert.Equal(0, writer.Position);
    }

    [Fact]
    public void Compact_string_longer_than_short_max_value_bytes_is_allowed()
    {
        var text = new string('q', short.MaxValue + 10);
        var bytes = Encode(w => w.WriteString(text, flexible: true));
        ReadAll(bytes, (ref KafkaReader r) => Assert.Equal(text, r.ReadCompactString()));
    }

    [Fact]
    public void Writing_a_null_non_nullable_string_is_refused()
    {
        using var writer = new KafkaWriter();
        Assert.Throws<ArgumentNullException>(() => writer.WriteString(null!, flexible: false));
        Assert.Throws<ArgumentNullException>(() => writer.WriteString(null!, flexible: true));
        Assert.Equal(0, writer.Position);
    }

    [Fact]
    public void Strings_in_sequence_each_consume_exactly_their_bytes()
    {
        var bytes = Encode(w =>
        {
            w.WriteString("ab", flexible: false);
            w.WriteNullableString(null, flexible: true);
            w.WriteString("ż", flexible: true);
            w.WriteNullableString(null, flexible: false);
            w.WriteInt8(42);
        });
        ReadAll(bytes, (ref KafkaReader r) =>
        {
            Assert.Equal("ab", r.ReadString());
            Assert.Null(r.ReadCompactNullableString());
            Assert.Equal("ż", r.ReadCompactString());
            Assert.Null(r.ReadNullableString());
            Assert.Equal(42, r.ReadInt8());
        });
    }
}
