using Sluice.Protocol;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Primitives;

/// <summary>Request header v1 (non-flexible) and v2 (flexible), and which response header comes back.</summary>
public sealed class RequestHeaderTests
{
    [Fact]
    public void Header_v1_is_key_version_correlation_id_and_int16_client_id()
    {
        var bytes = Encode(w => RequestHeader.Write(w, ApiKey.Metadata, 9, 0x01020304, "abc", flexible: false));
        //            key   ver   correlation  len   a  b  c
        AssertBytes("00 03 00 09 01 02 03 04 00 03 61 62 63", bytes);
    }

    [Fact]
    public void Header_v2_keeps_the_int16_client_id_and_adds_an_empty_tagged_field_byte()
    {
        var bytes = Encode(w => RequestHeader.Write(w, ApiKey.Metadata, 12, 0x01020304, "abc", flexible: true));
        // Not "04 61 62 63": the client id is never compact, even in header v2.
        AssertBytes("00 03 00 0C 01 02 03 04 00 03 61 62 63 00", bytes);
    }

    [Theory]
    [InlineData(false, "00 12 00 00 FF FF FF FF FF FF")]
    [InlineData(true, "00 12 00 00 FF FF FF FF FF FF 00")]
    public void Null_client_id_writes_minus_one(bool flexible, string hex) =>
        AssertBytes(hex, Encode(w => RequestHeader.Write(w, ApiKey.ApiVersions, 0, -1, null, flexible)));

    [Fact]
    public void Empty_client_id_is_a_zero_length_string_not_null()
    {
        AssertBytes("00 12 00 03 00 00 00 07 00 00 00",
            Encode(w => RequestHeader.Write(w, ApiKey.ApiVersions, 3, 7, "", flexible: true)));
    }

    [Fact]
    public void Header_v2_with_a_multi_byte_client_id_reads_back_field_by_field()
    {
        var bytes = Encode(w => RequestHeader.Write(w, ApiKey.FindCoordinator, short.MaxValue, int.MinValue, "klient-żółw", flexible: true));
        ReadAll(bytes, (ref KafkaReader r) =>
        {
            Assert.Equal((short)ApiKey.FindCoordinator, r.ReadInt16());
            Assert.Equal(short.MaxValue, r.ReadInt16());
            Assert.Equal(int.MinValue, r.ReadInt32());
            Assert.Equal("klient-żółw", r.ReadString());
            r.SkipTaggedFields();
        });
    }

    [Fact]
    public void Header_is_appended_after_whatever_the_writer_already_holds()
    {
        var bytes = Encode(w =>
        {
            var sizeAt = w.Skip(4);
            RequestHeader.Write(w, ApiKey.Heartbeat, 4, 1, "c", flexible: true);
            w.WriteInt32At(sizeAt, w.Position - 4);
        });
        AssertBytes("00 00 00 0C 00 0C 00 04 00 00 00 01 00 01 63 00", bytes);
    }

    [Fact]
    public void ApiVersions_response_header_is_never_flexible()
    {
        Assert.False(RequestHeader.ResponseHeaderIsFlexible(ApiKey.ApiVersions, requestIsFlexible: true));
        Assert.False(RequestHeader.ResponseHeaderIsFlexible(ApiKey.ApiVersions, requestIsFlexible: false));
    }

    [Theory]
    [InlineData(ApiKey.Metadata)]
    [InlineData(ApiKey.Fetch)]
    [InlineData(ApiKey.FindCoordinator)]
    [InlineData(ApiKey.Heartbeat)]
    public void Other_responses_follow_the_request_flexibility(ApiKey apiKey)
    {
        Assert.True(RequestHeader.ResponseHeaderIsFlexible(apiKey, requestIsFlexible: true));
        Assert.False(RequestHeader.ResponseHeaderIsFlexible(apiKey, requestIsFlexible: false));
    }

    [Fact]
    public void Header_v0_has_no_client_id()
    {
        var bytes = Encode(w => RequestHeader.Write(w, headerVersion: 0, ApiKey.Metadata, 0, correlationId: 7, clientId: "ignored"));

        AssertBytes("00 03 00 00 00 00 00 07", bytes);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Header_versions_other_than_0_to_2_are_refused(short headerVersion)
    {
        using var writer = new KafkaWriter();

        Assert.Throws<ArgumentOutOfRangeException>(() => RequestHeader.Write(writer, headerVersion, ApiKey.Metadata, 0, 1, null));
    }

    [Fact]
    public void Response_header_v1_skips_its_tagged_fields_and_v0_has_none()
    {
        var v1 = Hex("00 00 00 2A 01 05 02 AA BB 99");
        var reader = new KafkaReader(v1);

        Assert.Equal(42, ResponseHeader.ReadCorrelationId(ref reader));
        ResponseHeader.ReadRest(ref reader, flexible: true);
        Assert.Equal(0x99, reader.ReadInt8() & 0xFF);

        var v0 = new KafkaReader(Hex("00 00 00 2A 01"));
        Assert.Equal(42, ResponseHeader.ReadCorrelationId(ref v0));
        ResponseHeader.ReadRest(ref v0, flexible: false);
        Assert.Equal(1, v0.Remaining);
    }
}
