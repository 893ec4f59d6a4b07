using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (DescribeGroupsRequest.json, franz-go 15_describe_groups):
//   Groups [string], IncludeAuthorizedOperations bool (v3+); v5+ flexible: compact array and strings, tags at the end.
public sealed class DescribeGroupsRequestTests
{
    // "grp" = 677270, "g1" = 6731.
    private static string Body(DescribeGroupsRequest request, int version)
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
    public void DescribeGroups_v0_to_v2_request_lists_the_group_ids(int version)
    {
        Assert.Equal(Clean("00000002 0003 677270 0002 6731"), Body(new DescribeGroupsRequest(["grp", "g1"]), version));
        Assert.Equal(Clean("00000002 0003 677270 0002 6731"), Body(new DescribeGroupsRequest(["grp", "g1"], includeAuthorizedOperations: true), version));
        Assert.Equal("00000000", Body(new DescribeGroupsRequest([]), version));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void DescribeGroups_v3_and_v4_request_appends_the_authorized_operations_flag(int version)
    {
        Assert.Equal(Clean("00000001 0003 677270 01"), Body(new DescribeGroupsRequest(["grp"], includeAuthorizedOperations: true), version));
        Assert.Equal(Clean("00000001 0003 677270 00"), Body(new DescribeGroupsRequest(["grp"]), version));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void DescribeGroups_v5_and_v6_request_is_compact_with_a_tag_section(int version)
    {
        Assert.Equal(Clean("03 04 677270 03 6731 01 00"), Body(new DescribeGroupsRequest(["grp", "g1"], includeAuthorizedOperations: true), version));
        Assert.Equal(Clean("01 00 00"), Body(new DescribeGroupsRequest([]), version));
    }

    [Fact]
    public void DescribeGroups_request_rejects_a_null_group_id()
    {
        Assert.Throws<ArgumentException>(() => new DescribeGroupsRequest(["grp", null!]));
        Assert.Throws<ArgumentNullException>(() => new DescribeGroupsRequest(null!));
    }

    [Fact]
    public void DescribeGroups_request_declares_versions_0_to_6_flexible_from_5()
    {
        var request = new DescribeGroupsRequest(["grp"]);
        Assert.Equal(ApiKey.DescribeGroups, request.ApiKey);
        Assert.Equal(new VersionRange(0, 6), request.Versions);
        Assert.Equal(new VersionRange(0, 6), DescribeGroupsRequest.Supported);
        Assert.Equal(5, request.FirstFlexibleVersion);
        Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 7));
    }
}
