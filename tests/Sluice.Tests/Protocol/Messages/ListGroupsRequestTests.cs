using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (ListGroupsRequest.json, franz-go 16_list_groups): v0-v2 have no body; v3+ is flexible (a tag section);
// v4 adds StatesFilter [string], v5 adds TypesFilter [string] after it.
public sealed class ListGroupsRequestTests
{
    // "Stable" = 537461626C65, "Empty" = 456D707479, "consumer" = 636F6E73756D6572, "classic" = 636C6173736963.
    private static string Body(ListGroupsRequest request, int version)
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
    public void ListGroups_v0_to_v2_request_bodies_are_empty(int version)
    {
        Assert.Equal("", Body(new ListGroupsRequest(), version));
        Assert.Equal("", Body(new ListGroupsRequest(["Stable"], ["consumer"]), version));
    }

    [Fact]
    public void ListGroups_v3_request_is_only_an_empty_tag_section()
    {
        Assert.Equal("00", Body(new ListGroupsRequest(), 3));
        Assert.Equal("00", Body(new ListGroupsRequest(["Stable"], ["consumer"]), 3));
    }

    [Fact]
    public void ListGroups_v4_request_sends_the_states_filter()
    {
        Assert.Equal(Clean("03 07 537461626C65 06 456D707479 00"), Body(new ListGroupsRequest(["Stable", "Empty"]), 4));
    }

    [Fact]
    public void ListGroups_v4_request_without_a_filter_sends_an_empty_compact_array()
    {
        Assert.Equal("0100", Body(new ListGroupsRequest(), 4));
    }

    [Fact]
    public void ListGroups_v4_request_leaves_out_the_types_filter()
    {
        Assert.Equal(Clean("02 07 537461626C65 00"), Body(new ListGroupsRequest(["Stable"], ["consumer"]), 4));
    }

    [Fact]
    public void ListGroups_v5_request_sends_the_states_then_the_types_filter()
    {
        Assert.Equal(
            Clean("02 07 537461626C65 03 09 636F6E73756D6572 08 636C6173736963 00"),
            Body(new ListGroupsRequest(["Stable"], ["consumer", "classic"]), 5));
    }

    [Fact]
    public void ListGroups_v5_request_without_filters_sends_two_empty_arrays()
    {
        Assert.Equal("010100", Body(new ListGroupsRequest(), 5));
        Assert.Equal(Clean("01 02 09 636F6E73756D6572 00"), Body(new ListGroupsRequest(typesFilter: ["consumer"]), 5));
    }

    [Fact]
    public void ListGroups_request_declares_versions_0_to_5_flexible_from_3()
    {
        var request = new ListGroupsRequest();
        Assert.Equal(ApiKey.ListGroups, request.ApiKey);
        Assert.Equal(new VersionRange(0, 5), request.Versions);
        Assert.Equal(3, request.FirstFlexibleVersion);
        Assert.Empty(request.StatesFilter);
        Assert.Empty(request.TypesFilter);
    }
}
