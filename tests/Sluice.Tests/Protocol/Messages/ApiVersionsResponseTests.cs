using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (ApiVersionsResponse.json, franz-go 18_api_versions):
//   ErrorCode int16, ApiKeys [ApiKey int16, MinVersion int16, MaxVersion int16], ThrottleTimeMs int32 (v1+);
//   v3+ flexible: compact array, tags after each entry and at the end (SupportedFeatures = tag 0,
//   FinalizedFeaturesEpoch = tag 1, FinalizedFeatures = tag 2).
// Error 35 (UNSUPPORTED_VERSION) is answered in the v0 layout whatever version was asked (KIP-511).
public sealed class ApiVersionsResponseTests
{
    private static readonly ApiVersionsRequest Request = new();

    private static ApiVersionsResponse Read(byte[] bytes, short version, out int remaining)
    {
        var reader = new KafkaReader(bytes);
        var response = Request.ReadResponse(ref reader, version);
        remaining = reader.Remaining;
        return response;
    }

    private static string Describe(ApiVersionsResponse response) =>
        $"error={response.Error} throttle={response.ThrottleTimeMs} keys=[" +
        string.Join(", ", response.ApiKeys.Select(k => $"{k.ApiKey}:{k.Versions.Min}-{k.Versions.Max}")) + "]";

    // v0: error 0, two entries: Produce 0-9 and ApiVersions 0-4.
    private const string V0Body = "0000 00000002 0000 0000 0009 0012 0000 0004";

    // v1/v2: the same plus throttle 100 ms.
    private const string V1Body = V0Body + " 00000064";

    // v3: error 0; compact count 03 (= 2 entries); Produce 0-9 with no tags; ApiVersions 0-4 with one unknown
    // tag (tag 5, 2 bytes ABCD); throttle 50; top-level tags: 2 of them -
    //   tag 0 SupportedFeatures, 20 bytes: compact array 02 (1 entry) { 0E "group.version", min 0000, max 0001, 00 }
    //   tag 1 FinalizedFeaturesEpoch, 8 bytes: 7.
    private const string V3Body =
        "0000 03 " +
        "0000 0000 0009 00 " +
        "0012 0000 0004 01 05 02 ABCD " +
        "00000032 " +
        "02 00 14 02 0E 67726F75702E76657273696F6E 0000 0001 00 " +
        "01 08 0000000000000007";

    [Fact]
    public void ApiVersions_v0_response_lists_keys_without_throttle()
    {
        var response = Read(Hex(V0Body), 0, out var remaining);

        Assert.Equal("error=None throttle=0 keys=[Produce:0-9, ApiVersions:0-4]", Describe(response));
        Assert.Equal(0, remaining);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ApiVersions_v1_and_v2_responses_carry_the_throttle_time(int version)
    {
        var response = Read(Hex(V1Body), (short)version, out var remaining);

        Assert.Equal("error=None throttle=100 keys=[Produce:0-9, ApiVersions:0-4]", Describe(response));
        Assert.Equal(0, remaining);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void ApiVersions_v3_response_is_compact_and_skips_unknown_entry_tags_and_the_supported_features_tag(int version)
    {
        var response = Read(Hex(V3Body), (short)version, out var remaining);

        Assert.Equal("error=None throttle=50 keys=[Produce:0-9, ApiVersions:0-4]", Describe(response));
        Assert.Equal(0, remaining);
    }

    [Fact]
    public void ApiVersions_v3_response_with_an_empty_key_list_and_no_tags()
    {
        var response = Read(Hex("0000 01 00000000 00"), 3, out var remaining);

        Assert.Equal("error=None throttle=0 keys=[]", Describe(response));
        Assert.Equal(0, remaining);
    }

    [Fact]
    public void ApiVersions_v3_response_built_with_the_writer_reads_back_many_keys()
    {
        using var writer = new KafkaWriter();
        writer.WriteInt16(0);
        writer.WriteArrayLength(200, flexible: true);
        for (short key = 0; key < 200; key++)
        {
            writer.WriteInt16(key);
            writer.WriteInt16((short)(key % 3));
            writer.WriteInt16((short)(key % 3 + key % 7));
            writer.WriteEmptyTaggedFields();
        }

        writer.WriteInt32(7);
        writer.WriteEmptyTaggedFields();

        var response = Read(writer.WrittenSpan.ToArray(), 3, out var remaining);

        Assert.Equal(0, remaining);
        Assert.Equal(200, response.ApiKeys.Count);
        Assert.Equal(7, response.ThrottleTimeMs);
        for (short key = 0; key < 200; key++)
            Assert.Equal(new ApiVersionRange((ApiKey)key, new VersionRange((short)(key % 3), (short)(key % 3 + key % 7))), response.ApiKeys[key]);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void ApiVersions_error_35_at_v3_with_a_v0_layout_body_gives_the_downgrade_hint(int version)
    {
        // 0023 = 35, classic array of 1: ApiVersions (0012) 0-2. No throttle in the v0 layout.
        var response = Read(Hex("0023 00000001 0012 0000 0002"), (short)version, out _);

        Assert.Equal("error=UnsupportedVersion throttle=0 keys=[ApiVersions:0-2]", Describe(response));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void ApiVersions_error_35_with_the_librdkafka_mock_malformed_body_gives_an_empty_hint(int version)
    {
        // Measured against librdkafka 2.16's mock: a compact-count byte holding the raw count, untagged entry, throttle.
        var response = Read(Hex("0023 01 0012 0000 0002 00000000"), (short)version, out _);

        Assert.Equal("error=UnsupportedVersion throttle=0 keys=[]", Describe(response));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ApiVersions_error_35_with_only_an_empty_v0_array_gives_an_empty_hint(int version)
    {
        // What a pre-2.4 broker sends: error code and an empty array.
        var response = Read(Hex("0023 00000000"), (short)version, out var remaining);

        Assert.Equal("error=UnsupportedVersion throttle=0 keys=[]", Describe(response));
        Assert.Equal(0, remaining);
    }

    [Fact]
    public void ApiVersions_error_35_with_nothing_after_the_error_code_gives_an_empty_hint()
    {
        var response = Read(Hex("0023"), 3, out _);

        Assert.Equal("error=UnsupportedVersion throttle=0 keys=[]", Describe(response));
    }

    [Fact]
    public void ApiVersions_other_errors_at_v3_are_read_in_the_v3_layout()
    {
        // Error 129 (REBOOTSTRAP_REQUIRED) with an empty compact key list, throttle 0, no tags.
        var response = Read(Hex("0081 01 00000000 00"), 3, out var remaining);

        Assert.Equal("error=RebootstrapRequired throttle=0 keys=[]", Describe(response));
        Assert.Equal(0, remaining);
    }

    [Theory]
    [InlineData(V0Body, 0)]
    [InlineData(V1Body, 1)]
    [InlineData(V1Body, 2)]
    [InlineData(V3Body, 3)]
    [InlineData(V3Body, 4)]
    public void ApiVersions_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(string hex, int version)
    {
        var full = Hex(hex);
        Read(full, (short)version, out var remaining);
        Assert.Equal(0, remaining);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, (short)version, out _));
    }

    [Fact]
    public void ApiVersions_error_35_hint_truncated_anywhere_after_the_error_code_falls_back_to_an_empty_hint()
    {
        var full = Hex("0023 00000002 0012 0000 0002 0003 0000 000C");

        for (var cut = 0; cut < 2; cut++)
        {
            var prefix = full[..cut];
            Assert.Throws<KafkaProtocolException>(() => Read(prefix, 3, out _));
        }

        for (var cut = 2; cut < full.Length; cut++)
            Assert.Equal("error=UnsupportedVersion throttle=0 keys=[]", Describe(Read(full[..cut], 3, out _)));

        Assert.Equal("error=UnsupportedVersion throttle=0 keys=[ApiVersions:0-2, Metadata:0-12]", Describe(Read(full, 3, out _)));
    }

    [Fact]
    public void ApiVersions_v0_response_with_a_huge_array_count_is_rejected()
    {
        Assert.Throws<KafkaProtocolException>(() => Read(Hex("0000 7FFFFFFF 0000 0000 0009"), 0, out _));
        Assert.Throws<KafkaProtocolException>(() => Read(Hex("0000 FFFFFFFF"), 0, out _));
        Assert.Throws<KafkaProtocolException>(() => Read(Hex("0000 FFFFFFFF07 00"), 3, out _));
        Assert.Throws<KafkaProtocolException>(() => Read(Hex("0000 00 00000000 00"), 3, out _));
    }
}
