using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (OffsetFetchRequest.json, franz-go 09_offset_fetch):
//   v0-v7: GroupId string, Topics [Name string, PartitionIndexes [int32]] (nullable v2+: null = all)
//   v8+:   Groups [GroupId string, MemberId nullable string (v9+), MemberEpoch int32 (v9+), Topics (nullable, as above)]
//   RequireStable bool (v7+)
//   v6+ flexible: compact strings and arrays, tags after each topic, each group and at the end.
public sealed class OffsetFetchRequestTests
{
    // "grp" = 677270, "orders" = 6F7264657273, "m1" = 6D31.
    private static readonly OffsetFetchTopic[] Topics = [new("orders", [0, 3])];

    private static string Body(OffsetFetchRequest request, int version)
    {
        using var writer = new KafkaWriter();
        request.WriteBody(writer, (short)version);
        return Convert.ToHexString(writer.WrittenSpan);
    }

    private static string Clean(string hex) => hex.Replace(" ", "", StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void OffsetFetch_v0_and_v1_request_lists_the_partitions_per_topic(int version)
    {
        Assert.Equal(Clean("0003 677270 00000001 0006 6F7264657273 00000002 00000000 00000003"), Body(new OffsetFetchRequest("grp", Topics), version));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void OffsetFetch_v2_to_v5_request_asks_for_every_topic_with_a_null_array(int version)
    {
        Assert.Equal(Clean("0003 677270 00000001 0006 6F7264657273 00000002 00000000 00000003"), Body(new OffsetFetchRequest("grp", Topics), version));
        Assert.Equal(Clean("0003 677270 FFFFFFFF"), Body(new OffsetFetchRequest("grp", null), version));
    }

    [Fact]
    public void OffsetFetch_v6_request_is_compact_with_tags_and_leaves_require_stable_out()
    {
        Assert.Equal(Clean("04 677270 02 07 6F7264657273 03 00000000 00000003 00 00"), Body(new OffsetFetchRequest("grp", Topics), 6));
        Assert.Equal(Clean("04 677270 00 00"), Body(new OffsetFetchRequest("grp", null, requireStable: true), 6));
    }

    [Fact]
    public void OffsetFetch_v7_request_ends_with_require_stable()
    {
        Assert.Equal(Clean("04 677270 02 07 6F7264657273 03 00000000 00000003 00 01 00"), Body(new OffsetFetchRequest("grp", Topics, requireStable: true), 7));
        Assert.Equal(Clean("04 677270 00 00 00"), Body(new OffsetFetchRequest("grp", null), 7));
    }

    [Fact]
    public void OffsetFetch_v8_request_sends_the_group_as_a_batch_of_one()
    {
        Assert.Equal(
            Clean("02 04 677270 02 07 6F7264657273 03 00000000 00000003 00 00 01 00"),
            Body(new OffsetFetchRequest("grp", Topics, requireStable: true), 8));
        Assert.Equal(Clean("02 04 677270 00 00 00 00"), Body(new OffsetFetchRequest("grp", null), 8));
    }

    [Fact]
    public void OffsetFetch_v9_request_adds_member_id_and_epoch_to_the_group()
    {
        Assert.Equal(
            Clean("02 04 677270 00 FFFFFFFF 02 07 6F7264657273 03 00000000 00000003 00 00 00 00"),
            Body(new OffsetFetchRequest("grp", Topics), 9));
        Assert.Equal(
            Clean("02 04 677270 03 6D31 00000007 00 00 01 00"),
            Body(new OffsetFetchRequest("grp", null, requireStable: true, memberId: "m1", memberEpoch: 7), 9));
    }

    [Fact]
    public void OffsetFetch_request_for_every_topic_narrows_to_v2()
    {
        var request = new OffsetFetchRequest("grp", null);

        Assert.Equal(new VersionRange(2, 9), request.Versions);
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 1));
        Assert.Contains("v2+", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OffsetFetch_request_with_a_member_id_or_epoch_narrows_to_v9()
    {
        Assert.Equal(new VersionRange(9, 9), new OffsetFetchRequest("grp", Topics, memberId: "m1").Versions);
        Assert.Equal(new VersionRange(9, 9), new OffsetFetchRequest("grp", Topics, memberEpoch: 3).Versions);
        Assert.Throws<ArgumentOutOfRangeException>(() => Body(new OffsetFetchRequest("grp", Topics, memberId: "m1"), 8));
    }

    [Fact]
    public void OffsetFetch_request_with_require_stable_keeps_every_version()
    {
        Assert.Equal(new VersionRange(0, 9), new OffsetFetchRequest("grp", Topics, requireStable: true).Versions);
    }

    [Fact]
    public void OffsetFetch_request_rejects_null_topics_in_the_list()
    {
        Assert.Throws<ArgumentException>(() => new OffsetFetchRequest("grp", [null!]));
        Assert.Throws<ArgumentException>(() => new OffsetFetchRequest("grp", [new OffsetFetchTopic("t", null!)]));
        Assert.Throws<ArgumentNullException>(() => new OffsetFetchRequest(null!, Topics));
    }

    [Fact]
    public void OffsetFetch_request_declares_versions_0_to_9_flexible_from_6()
    {
        var request = new OffsetFetchRequest("grp", Topics);
        Assert.Equal(ApiKey.OffsetFetch, request.ApiKey);
        Assert.Equal(new VersionRange(0, 9), request.Versions);
        Assert.Equal(new VersionRange(0, 9), OffsetFetchRequest.Supported);
        Assert.Equal(6, request.FirstFlexibleVersion);
        Assert.Null(request.MemberId);
        Assert.Equal(-1, request.MemberEpoch);
    }
}
