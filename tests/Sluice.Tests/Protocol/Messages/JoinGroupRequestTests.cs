using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (JoinGroupRequest.json, franz-go 11_join_group):
//   GroupId string, SessionTimeoutMs int32, RebalanceTimeoutMs int32 (v1+), MemberId string,
//   GroupInstanceId nullable string (v5+), ProtocolType string, Protocols [Name string, Metadata bytes],
//   Reason nullable string (v8+)
//   v6+ flexible: compact strings, bytes and array, tags after each protocol and at the end.
public sealed class JoinGroupRequestTests
{
    // "grp" = 677270, "consumer" = 636F6E73756D6572, "range" = 72616E6765, "i1" = 6931, "m1" = 6D31, "bye" = 627965;
    // session 30000 = 00007530, rebalance 300000 = 000493E0.
    private const string Classic = "0008 636F6E73756D6572 00000001 0005 72616E6765 00000002 0102";
    private const string Compact = "09 636F6E73756D6572 02 06 72616E6765 03 0102 00";

    private static JoinGroupRequest Request(string memberId = "", string? instanceId = null, string? reason = null) =>
        new("grp", 30_000, 300_000, memberId, "consumer", [new JoinGroupProtocol("range", [0x01, 0x02])], instanceId, reason);

    private static string Body(JoinGroupRequest request, int version)
    {
        using var writer = new KafkaWriter();
        request.WriteBody(writer, (short)version);
        return Convert.ToHexString(writer.WrittenSpan);
    }

    private static string Clean(string hex) => hex.Replace(" ", "", StringComparison.Ordinal);

    [Fact]
    public void JoinGroup_v0_request_has_no_rebalance_timeout()
    {
        Assert.Equal(Clean("0003 677270 00007530 0000 " + Classic), Body(Request(), 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void JoinGroup_v1_to_v4_request_adds_the_rebalance_timeout_after_the_session_timeout(int version)
    {
        Assert.Equal(Clean("0003 677270 00007530 000493E0 0000 " + Classic), Body(Request(), version));
        Assert.Equal(Clean("0003 677270 00007530 000493E0 0002 6D31 " + Classic), Body(Request("m1"), version));
    }

    [Fact]
    public void JoinGroup_v5_request_adds_the_group_instance_id_after_the_member_id()
    {
        Assert.Equal(Clean("0003 677270 00007530 000493E0 0000 FFFF " + Classic), Body(Request(), 5));
        Assert.Equal(Clean("0003 677270 00007530 000493E0 0002 6D31 0002 6931 " + Classic), Body(Request("m1", "i1"), 5));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void JoinGroup_v6_and_v7_request_is_compact_with_tags(int version)
    {
        Assert.Equal(Clean("04 677270 00007530 000493E0 01 00 " + Compact + " 00"), Body(Request(), version));
        Assert.Equal(Clean("04 677270 00007530 000493E0 03 6D31 03 6931 " + Compact + " 00"), Body(Request("m1", "i1"), version));
    }

    [Fact]
    public void JoinGroup_v7_request_leaves_the_reason_out()
    {
        Assert.Equal(Body(Request(), 7), Body(Request(reason: "bye"), 7));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public void JoinGroup_v8_and_v9_request_end_with_the_reason(int version)
    {
        Assert.Equal(Clean("04 677270 00007530 000493E0 01 00 " + Compact + " 00 00"), Body(Request(), version));
        Assert.Equal(Clean("04 677270 00007530 000493E0 01 00 " + Compact + " 04 627965 00"), Body(Request(reason: "bye"), version));
    }

    [Fact]
    public void JoinGroup_request_sends_every_protocol_in_preference_order_with_empty_metadata_as_empty_bytes()
    {
        var request = new JoinGroupRequest("grp", 10, 20, "", "consumer",
            [new JoinGroupProtocol("cooperative-sticky", [0xAA]), new JoinGroupProtocol("range", [])]);

        // "cooperative-sticky" = 636F6F70657261746976652D737469636B79 (18 bytes).
        Assert.Equal(
            Clean("0003 677270 0000000A 00000014 0000 0008 636F6E73756D6572 00000002 " +
                  "0012 636F6F70657261746976652D737469636B79 00000001 AA 0005 72616E6765 00000000"),
            Body(request, 1));
        Assert.Equal(
            Clean("04 677270 0000000A 00000014 01 00 09 636F6E73756D6572 03 " +
                  "13 636F6F70657261746976652D737469636B79 02 AA 00 06 72616E6765 01 00 00 00"),
            Body(request, 8));
    }

    [Fact]
    public void JoinGroup_request_with_a_group_instance_id_narrows_to_v5()
    {
        var request = Request("m1", "i1");

        Assert.Equal(new VersionRange(5, 9), request.Versions);
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 4));
        Assert.Contains("v5+", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JoinGroup_request_with_a_reason_keeps_every_version()
    {
        Assert.Equal(new VersionRange(0, 9), Request(reason: "bye").Versions);
    }

    [Fact]
    public void JoinGroup_request_rejects_null_protocols_names_and_metadata()
    {
        Assert.Throws<ArgumentException>(() => new JoinGroupRequest("grp", 1, 1, "", "consumer", [null!]));
        Assert.Throws<ArgumentException>(() => new JoinGroupRequest("grp", 1, 1, "", "consumer", [new JoinGroupProtocol(null!, [])]));
        Assert.Throws<ArgumentException>(() => new JoinGroupRequest("grp", 1, 1, "", "consumer", [new JoinGroupProtocol("range", null!)]));
        Assert.Throws<ArgumentNullException>(() => new JoinGroupRequest("grp", 1, 1, null!, "consumer", []));
    }

    [Fact]
    public void JoinGroup_request_declares_versions_0_to_9_flexible_from_6()
    {
        var request = Request();
        Assert.Equal(ApiKey.JoinGroup, request.ApiKey);
        Assert.Equal(new VersionRange(0, 9), request.Versions);
        Assert.Equal(new VersionRange(0, 9), JoinGroupRequest.Supported);
        Assert.Equal(6, request.FirstFlexibleVersion);
        Assert.Null(request.GroupInstanceId);
        Assert.Null(request.Reason);
    }
}
