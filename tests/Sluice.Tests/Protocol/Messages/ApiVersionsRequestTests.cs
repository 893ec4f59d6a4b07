using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (ApiVersionsRequest.json, franz-go 18_api_versions): v0-v2 have no body at all; v3+ is flexible and
// sends ClientSoftwareName, ClientSoftwareVersion (compact strings) and a tagged-field section.
public sealed class ApiVersionsRequestTests
{
    private static byte[] Body(ApiVersionsRequest request, short version)
    {
        using var writer = new KafkaWriter();
        request.WriteBody(writer, version);
        return writer.WrittenSpan.ToArray();
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    private static string Clean(string hex) => hex.Replace(" ", "", StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void ApiVersions_v0_to_v2_request_bodies_are_empty(int version)
    {
        Assert.Empty(Body(new ApiVersionsRequest(), (short)version));
        Assert.Empty(Body(new ApiVersionsRequest("my-app", "9.9.9"), (short)version));
    }

    [Fact]
    public void ApiVersions_v3_request_sends_the_default_client_software_name_and_version_then_empty_tags()
    {
        // 07 "sluice" (compact: length + 1), 06 "0.1.0", 00 = no tagged fields.
        Assert.Equal(Clean("07 736C75696365 06 302E312E30 00"), Hex(Body(new ApiVersionsRequest(), 3)));
    }

    [Fact]
    public void ApiVersions_v4_request_sends_a_custom_client_software_name_and_version()
    {
        // 07 "my-app", 07 "2.16.0", 00.
        Assert.Equal(Clean("07 6D792D617070 07 322E31362E30 00"), Hex(Body(new ApiVersionsRequest("my-app", "2.16.0"), 4)));
    }

    [Fact]
    public void ApiVersions_v3_request_with_empty_software_fields_writes_compact_empty_strings()
    {
        Assert.Equal("010100", Hex(Body(new ApiVersionsRequest("", ""), 3)));
    }

    [Fact]
    public void ApiVersions_request_declares_versions_0_to_4_flexible_from_3()
    {
        var request = new ApiVersionsRequest();
        Assert.Equal(ApiKey.ApiVersions, request.ApiKey);
        Assert.Equal(new VersionRange(0, 4), request.Versions);
        Assert.Equal(3, request.FirstFlexibleVersion);
        Assert.Equal("sluice", request.ClientSoftwareName);
        Assert.Equal("0.1.0", request.ClientSoftwareVersion);
    }
}
