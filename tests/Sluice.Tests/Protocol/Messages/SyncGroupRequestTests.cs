using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (SyncGroupRequest.json, franz-go 14_sync_group):
//   GroupId string, GenerationId int32, MemberId string, GroupInstanceId nullable string (v3+),
//   ProtocolType nullable string (v5+), ProtocolName nullable string (v5+), Assignments [MemberId string, Assignment bytes]
//   v4+ flexible: compact strings, bytes and array, tags after each assignment and at the end.
public sealed class SyncGroupRequestTests
{
    // "grp" = 677270, "m1" = 6D31, "m2" = 6D32, "i1" = 6931, "consumer" = 636F6E73756D6572, "range" = 72616E6765.
    private const string ClassicAssignments = "00000002 0002 6D31 00000002 0A0B 0002 6D32 00000000";
    private const string CompactAssignments = "03 03 6D31 03 0A0B 00 03 6D32 01 00";

    private static SyncGroupRequest Leader(string? instanceId = null, string? type = null, string? name = null) =>
        new("grp", 5, "m1", [new SyncGroupAssignment("m1", [0x0A, 0x0B]), new SyncGroupAssignment("m2", [])], instanceId, type, name);

    private static string Body(SyncGroupRequest request, int version)
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
    public void SyncGroup_v0_to_v2_leader_request_carries_every_assignment(int version)
    {
        Assert.Equal(Clean("0003 677270 00000005 0002 6D31 " + ClassicAssignments), Body(Leader(), version));
    }

    [Fact]
    public void SyncGroup_v0_follower_request_sends_an_empty_assignment_array()
    {
        Assert.Equal(Clean("0003 677270 00000005 0002 6D32 00000000"), Body(new SyncGroupRequest("grp", 5, "m2", []), 0));
    }

    [Fact]
    public void SyncGroup_v3_request_adds_the_group_instance_id_after_the_member_id()
    {
        Assert.Equal(Clean("0003 677270 00000005 0002 6D31 FFFF " + ClassicAssignments), Body(Leader(), 3));
        Assert.Equal(Clean("0003 677270 00000005 0002 6D31 0002 6931 " + ClassicAssignments), Body(Leader("i1"), 3));
    }

    [Fact]
    public void SyncGroup_v4_request_is_compact_with_tags_and_leaves_protocol_type_and_name_out()
    {
        Assert.Equal(Clean("04 677270 00000005 03 6D31 00 " + CompactAssignments + " 00"), Body(Leader(), 4));
        Assert.Equal(Body(Leader(), 4), Body(Leader(type: "consumer", name: "range"), 4));
    }

    [Fact]
    public void SyncGroup_v5_request_adds_protocol_type_and_name_before_the_assignments()
    {
        Assert.Equal(Clean("04 677270 00000005 03 6D31 00 00 00 " + CompactAssignments + " 00"), Body(Leader(), 5));
        Assert.Equal(
            Clean("04 677270 00000005 03 6D31 03 6931 09 636F6E73756D6572 06 72616E6765 " + CompactAssignments + " 00"),
            Body(Leader("i1", "consumer", "range"), 5));
    }

    [Fact]
    public void SyncGroup_request_with_a_group_instance_id_narrows_to_v3()
    {
        var request = Leader("i1");

        Assert.Equal(new VersionRange(3, 5), request.Versions);
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 2));
        Assert.Contains("v3+", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyncGroup_request_with_protocol_type_and_name_keeps_every_version()
    {
        Assert.Equal(new VersionRange(0, 5), Leader(type: "consumer", name: "range").Versions);
    }

    [Fact]
    public void SyncGroup_request_rejects_null_assignments()
    {
        Assert.Throws<ArgumentException>(() => new SyncGroupRequest("grp", 1, "m1", [null!]));
        Assert.Throws<ArgumentException>(() => new SyncGroupRequest("grp", 1, "m1", [new SyncGroupAssignment("m1", null!)]));
        Assert.Throws<ArgumentException>(() => new SyncGroupRequest("grp", 1, "m1", [new SyncGroupAssignment(null!, [])]));
        Assert.Throws<ArgumentNullException>(() => new SyncGroupRequest("grp", 1, "m1", null!));
    }

    [Fact]
    public void SyncGroup_request_declares_versions_0_to_5_flexible_from_4()
    {
        var request = new SyncGroupRequest("grp", 1, "m1", []);
        Assert.Equal(ApiKey.SyncGroup, request.ApiKey);
        Assert.Equal(new VersionRange(0, 5), request.Versions);
        Assert.Equal(new VersionRange(0, 5), SyncGroupRequest.Supported);
        Assert.Equal(4, request.FirstFlexibleVersion);
    }
}
