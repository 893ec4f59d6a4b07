using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (ListGroupsResponse.json, franz-go 16_list_groups):
//   ThrottleTimeMs int32 (v1+), ErrorCode int16,
//   Groups [GroupId string, ProtocolType string, GroupState string (v4+), GroupType string (v5+)]
//   v3+ flexible: compact array and strings, tags after each group and at the end.
public sealed class ListGroupsResponseTests
{
    private static readonly ListGroupsRequest Request = new();

    private static ListGroupsResponse Read(byte[] bytes, int version, out int remaining)
    {
        var reader = new KafkaReader(bytes);
        var response = Request.ReadResponse(ref reader, (short)version);
        remaining = reader.Remaining;
        return response;
    }

    private static string Describe(ListGroupsResponse response) =>
        $"throttle={response.ThrottleTimeMs} error={response.Error} groups=[" +
        string.Join(", ", response.Groups.Select(g => $"{g.GroupId}/{g.ProtocolType}/{g.State ?? "<null>"}/{g.Type ?? "<null>"}")) + "]";

    private static string ReadAll(string hex, int version)
    {
        var response = Read(Hex(hex), version, out var remaining);
        Assert.Equal(0, remaining);
        return Describe(response);
    }

    // "g1" = 6731, "g2" = 6732, "consumer" = 636F6E73756D6572, "connect" = 636F6E6E656374,
    // "Stable" = 537461626C65, "Empty" = 456D707479, "classic" = 636C6173736963.
    private const string V0Body = "0000 00000002 0002 6731 0008 636F6E73756D6572 0002 6732 0007 636F6E6E656374";
    private const string V1Body = "0000000A " + V0Body;
    private const string V3Body = "0000000A 0000 03 03 6731 09 636F6E73756D6572 00 03 6732 08 636F6E6E656374 00 00";
    private const string V4Body = "0000000A 0000 03 03 6731 09 636F6E73756D6572 07 537461626C65 00 03 6732 08 636F6E6E656374 06 456D707479 00 00";
    private const string V5Body = "0000000A 0000 02 03 6731 09 636F6E73756D6572 07 537461626C65 08 636C6173736963 00 00";

    [Fact]
    public void ListGroups_v0_response_lists_group_ids_and_protocol_types()
    {
        Assert.Equal("throttle=0 error=None groups=[g1/consumer/<null>/<null>, g2/connect/<null>/<null>]", ReadAll(V0Body, 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ListGroups_v1_and_v2_responses_start_with_the_throttle_time(int version)
    {
        Assert.Equal("throttle=10 error=None groups=[g1/consumer/<null>/<null>, g2/connect/<null>/<null>]", ReadAll(V1Body, version));
    }

    [Fact]
    public void ListGroups_v3_response_is_compact_with_tags()
    {
        Assert.Equal("throttle=10 error=None groups=[g1/consumer/<null>/<null>, g2/connect/<null>/<null>]", ReadAll(V3Body, 3));
    }

    [Fact]
    public void ListGroups_v3_response_skips_unknown_tags()
    {
        // Group g1 carries tag 9 (3 bytes); the top level carries tags 0 (empty) and 200 (1 byte; 200 = C8 01).
        const string hex = "00000000 0000 02 03 6731 09 636F6E73756D6572 01 09 03 010203 02 00 00 C801 01 FF";

        Assert.Equal("throttle=0 error=None groups=[g1/consumer/<null>/<null>]", ReadAll(hex, 3));
    }

    [Fact]
    public void ListGroups_v4_response_adds_the_group_state()
    {
        Assert.Equal("throttle=10 error=None groups=[g1/consumer/Stable/<null>, g2/connect/Empty/<null>]", ReadAll(V4Body, 4));
    }

    [Fact]
    public void ListGroups_v5_response_adds_the_group_type()
    {
        Assert.Equal("throttle=10 error=None groups=[g1/consumer/Stable/classic]", ReadAll(V5Body, 5));
    }

    [Theory]
    [InlineData("000E 00000000", 0)]
    [InlineData("00000000 000E 00000000", 1)]
    [InlineData("00000000 000E 01 00", 3)]
    [InlineData("00000000 000E 01 00", 5)]
    public void ListGroups_response_with_an_error_and_no_groups(string hex, int version)
    {
        Assert.Equal("throttle=0 error=CoordinatorLoadInProgress groups=[]", ReadAll(hex, version));
    }

    [Theory]
    [InlineData(V0Body, 0)]
    [InlineData(V1Body, 1)]
    [InlineData(V1Body, 2)]
    [InlineData(V3Body, 3)]
    [InlineData(V4Body, 4)]
    [InlineData(V5Body, 5)]
    public void ListGroups_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(string hex, int version)
    {
        var full = Hex(hex);
        Read(full, version, out var remaining);
        Assert.Equal(0, remaining);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    [Theory]
    [InlineData("0000 7FFFFFFF 0002 6731", 0)]
    [InlineData("0000 FFFFFFFF", 0)]
    [InlineData("00000000 0000 FFFFFFFF07 00", 3)]
    [InlineData("00000000 0000 00 00", 3)]
    [InlineData("00000000 0000 02 00 09 636F6E73756D6572 00 00", 3)]
    public void ListGroups_response_with_a_corrupt_count_or_null_group_id_is_rejected(string hex, int version)
    {
        Assert.Throws<KafkaProtocolException>(() => Read(Hex(hex), version, out _));
    }
}
