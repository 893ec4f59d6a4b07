using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (HeartbeatRequest.json, franz-go 12_heartbeat):
//   GroupId string, GenerationId int32, MemberId string, GroupInstanceId nullable string (v3+)
//   v4 flexible: compact strings, a tag section at the end.
public sealed class HeartbeatRequestTests
{
    // "grp" = 677270, "m1" = 6D31, "i1" = 6931.
    private static string Body(HeartbeatRequest request, int version)
    {
        using var writer = new KafkaWriter();
        request.WriteBody(writer, (short)version);
        return Convert.ToHexString(writer.WrittenSpan);
    }

    private static string Clean(string hex) => hex.Replace(" ", "", StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Heartbeat_v0_to_v2_request_is_group_generation_and_member(int version)
    {
        Assert.Equal(Clean("0003 677270 00000005 0002 6D31"), Body(new HeartbeatRequest("grp", 5, "m1"), version));
    }

    [Fact]
    public void Heartbeat_v3_request_adds_the_group_instance_id()
    {
        Assert.Equal(Clean("0003 677270 00000005 0002 6D31 FFFF"), Body(new HeartbeatRequest("grp", 5, "m1"), 3));
        Assert.Equal(Clean("0003 677270 FFFFFFFF 0002 6D31 0002 6931"), Body(new HeartbeatRequest("grp", -1, "m1", "i1"), 3));
    }

    [Fact]
    public void Heartbeat_v4_request_is_compact_with_a_tag_section()
    {
        Assert.Equal(Clean("04 677270 00000005 03 6D31 00 00"), Body(new HeartbeatRequest("grp", 5, "m1"), 4));
        Assert.Equal(Clean("04 677270 00000005 03 6D31 03 6931 00"), Body(new HeartbeatRequest("grp", 5, "m1", "i1"), 4));
    }

    [Fact]
    public void Heartbeat_request_with_a_group_instance_id_narrows_to_v3()
    {
        var request = new HeartbeatRequest("grp", 5, "m1", "i1");

        Assert.Equal(new VersionRange(3, 4), request.Versions);
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 2));
        Assert.Contains("v3+", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Heartbeat_request_declares_versions_0_to_4_flexible_from_4()
    {
        var request = new HeartbeatRequest("grp", 5, "m1");
        Assert.Equal(ApiKey.Heartbeat, request.ApiKey);
        Assert.Equal(new VersionRange(0, 4), request.Versions);
        Assert.Equal(new VersionRange(0, 4), HeartbeatRequest.Supported);
        Assert.Equal(4, request.FirstFlexibleVersion);
        Assert.Throws<ArgumentNullException>(() => new HeartbeatRequest("grp", 5, null!));
    }
}
