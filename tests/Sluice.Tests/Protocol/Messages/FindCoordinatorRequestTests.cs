using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (FindCoordinatorRequest.json, franz-go 10_find_coordinator):
//   Key string (v0-v3), KeyType int8 (v1+), CoordinatorKeys [string] (v4+)
//   v3+ flexible: compact strings and array, a tag section at the end. v5 and v6 change no field.
public sealed class FindCoordinatorRequestTests
{
    // "grp" = 677270, "g1" = 6731.
    private static string Body(FindCoordinatorRequest request, int version)
    {
        using var writer = new KafkaWriter();
        request.WriteBody(writer, (short)version);
        return Convert.ToHexString(writer.WrittenSpan);
    }

    private static string Clean(string hex) => hex.Replace(" ", "", StringComparison.Ordinal);

    [Fact]
    public void FindCoordinator_v0_request_is_the_group_id_alone()
    {
        Assert.Equal(Clean("0003 677270"), Body(new FindCoordinatorRequest("grp"), 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FindCoordinator_v1_and_v2_request_append_the_key_type(int version)
    {
        Assert.Equal(Clean("0003 677270 00"), Body(new FindCoordinatorRequest("grp"), version));
        Assert.Equal(Clean("0003 677270 01"), Body(new FindCoordinatorRequest("grp", FindCoordinatorKeyType.Transaction), version));
    }

    [Fact]
    public void FindCoordinator_v3_request_is_compact_with_a_tag_section()
    {
        Assert.Equal(Clean("04 677270 00 00"), Body(new FindCoordinatorRequest("grp"), 3));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void FindCoordinator_v4_to_v6_request_puts_the_key_type_before_a_key_array(int version)
    {
        Assert.Equal(Clean("00 02 04 677270 00"), Body(new FindCoordinatorRequest("grp"), version));
        Assert.Equal(Clean("00 03 04 677270 03 6731 00"), Body(new FindCoordinatorRequest(["grp", "g1"]), version));
    }

    [Fact]
    public void FindCoordinator_v6_request_can_look_up_a_share_partition_key()
    {
        Assert.Equal(Clean("02 02 04 677270 00"), Body(new FindCoordinatorRequest("grp", FindCoordinatorKeyType.Share), 6));
    }

    [Fact]
    public void FindCoordinator_request_with_several_keys_narrows_to_the_batched_v4()
    {
        var request = new FindCoordinatorRequest(["grp", "g1"]);

        Assert.Equal(new VersionRange(4, 6), request.Versions);
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 3));
        Assert.Contains("v4+", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindCoordinator_request_for_a_transactional_id_narrows_to_v1_which_has_a_key_type()
    {
        var request = new FindCoordinatorRequest("tx", FindCoordinatorKeyType.Transaction);

        Assert.Equal(new VersionRange(1, 6), request.Versions);
        Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 0));
    }

    [Fact]
    public void FindCoordinator_request_for_a_share_key_narrows_to_v6()
    {
        Assert.Equal(new VersionRange(6, 6), new FindCoordinatorRequest("grp:id:0", FindCoordinatorKeyType.Share).Versions);
    }

    [Fact]
    public void FindCoordinator_request_rejects_no_keys_and_null_keys()
    {
        Assert.Throws<ArgumentException>(() => new FindCoordinatorRequest(Array.Empty<string>()));
        Assert.Throws<ArgumentException>(() => new FindCoordinatorRequest(["grp", null!]));
        Assert.Throws<ArgumentNullException>(() => new FindCoordinatorRequest((string)null!));
    }

    [Fact]
    public void FindCoordinator_request_declares_versions_0_to_6_flexible_from_3()
    {
        var request = new FindCoordinatorRequest("grp");
        Assert.Equal(ApiKey.FindCoordinator, request.ApiKey);
        Assert.Equal(new VersionRange(0, 6), request.Versions);
        Assert.Equal(new VersionRange(0, 6), FindCoordinatorRequest.Supported);
        Assert.Equal(3, request.FirstFlexibleVersion);
        Assert.Equal(["grp"], request.Keys);
        Assert.Equal(FindCoordinatorKeyType.Group, request.KeyType);
    }
}
