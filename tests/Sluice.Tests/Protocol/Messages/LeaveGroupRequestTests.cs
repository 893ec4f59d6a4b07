using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (LeaveGroupRequest.json, franz-go 13_leave_group):
//   GroupId string, MemberId string (v0-v2),
//   Members [MemberId string, GroupInstanceId nullable string, Reason nullable string (v5+)] (v3+)
//   v4+ flexible: compact strings and array, tags after each member and at the end.
public sealed class LeaveGroupRequestTests
{
    // "grp" = 677270, "m1" = 6D31, "i1" = 6931, "bye" = 627965.
    private static string Body(LeaveGroupRequest request, int version)
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
    public void LeaveGroup_v0_to_v2_request_names_the_group_and_the_member(int version)
    {
        Assert.Equal(Clean("0003 677270 0002 6D31"), Body(new LeaveGroupRequest("grp", "m1"), version));
        Assert.Equal(Clean("0003 677270 0002 6D31"), Body(new LeaveGroupRequest("grp", "m1", reason: "bye"), version));
    }

    [Fact]
    public void LeaveGroup_v3_request_sends_the_member_as_a_batch_of_one()
    {
        Assert.Equal(Clean("0003 677270 00000001 0002 6D31 FFFF"), Body(new LeaveGroupRequest("grp", "m1"), 3));
        Assert.Equal(Clean("0003 677270 00000001 0002 6D31 0002 6931"), Body(new LeaveGroupRequest("grp", "m1", "i1"), 3));
    }

    [Fact]
    public void LeaveGroup_v4_request_is_compact_with_tags_and_no_reason()
    {
        Assert.Equal(Clean("04 677270 02 03 6D31 00 00 00"), Body(new LeaveGroupRequest("grp", "m1"), 4));
        Assert.Equal(Clean("04 677270 02 03 6D31 03 6931 00 00"), Body(new LeaveGroupRequest("grp", "m1", "i1", "bye"), 4));
    }

    [Fact]
    public void LeaveGroup_v5_request_adds_the_members_reason()
    {
        Assert.Equal(Clean("04 677270 02 03 6D31 00 00 00 00"), Body(new LeaveGroupRequest("grp", "m1"), 5));
        Assert.Equal(Clean("04 677270 02 03 6D31 00 04 627965 00 00"), Body(new LeaveGroupRequest("grp", "m1", reason: "bye"), 5));
    }

    [Fact]
    public void LeaveGroup_request_with_a_group_instance_id_narrows_to_the_batched_v3()
    {
        var request = new LeaveGroupRequest("grp", "m1", "i1");

        Assert.Equal(new VersionRange(3, 5), request.Versions);
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 2));
        Assert.Contains("v3+", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LeaveGroup_request_declares_versions_0_to_5_flexible_from_4()
    {
        var request = new LeaveGroupRequest("grp", "m1");
        Assert.Equal(ApiKey.LeaveGroup, request.ApiKey);
        Assert.Equal(new VersionRange(0, 5), request.Versions);
        Assert.Equal(new VersionRange(0, 5), LeaveGroupRequest.Supported);
        Assert.Equal(4, request.FirstFlexibleVersion);
        Assert.Throws<ArgumentNullException>(() => new LeaveGroupRequest("grp", null!));
    }
}
