using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (LeaveGroupResponse.json, franz-go 13_leave_group):
//   ThrottleTimeMs int32 (v1+), ErrorCode int16,
//   Members [MemberId string, GroupInstanceId nullable string, ErrorCode int16] (v3+)
//   v4+ flexible: compact strings and array, tags after each member and at the end.
public sealed class LeaveGroupResponseTests
{
    private static readonly LeaveGroupRequest Request = new("grp", "m1");

    private static LeaveGroupResponse Read(byte[] bytes, int version, out int remaining)
    {
        var reader = new KafkaReader(bytes);
        var response = Request.ReadResponse(ref reader, (short)version);
        remaining = reader.Remaining;
        return response;
    }

    private static string ReadAll(byte[] bytes, int version)
    {
        var response = Read(bytes, version, out var remaining);
        Assert.Equal(0, remaining);
        return Describe(response);
    }

    private static string Describe(LeaveGroupResponse r) =>
        $"throttle={r.ThrottleTimeMs} error={r.Error} outcome={r.Outcome} members=[" +
        string.Join(", ", r.Members.Select(m => $"{m.MemberId}/{m.GroupInstanceId ?? "<null>"}/{m.Error}")) + "]";

    // ---------------------------------------------------------------------------------------------------
    // Literal bytes, derived by hand from the layout above. "m1" = 6D31, "i1" = 6931.

    [Fact]
    public void LeaveGroup_v0_response_is_the_error_code_alone()
    {
        Assert.Equal("throttle=0 error=UnknownMemberId outcome=UnknownMemberId members=[]", ReadAll(Hex("0019"), 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void LeaveGroup_v1_and_v2_response_starts_with_the_throttle_time(int version)
    {
        Assert.Equal("throttle=10 error=None outcome=None members=[]", ReadAll(Hex("0000000A 0000"), version));
    }

    [Fact]
    public void LeaveGroup_v3_response_reports_the_member_error_per_member()
    {
        Assert.Equal(
            "throttle=0 error=None outcome=UnknownMemberId members=[m1/<null>/UnknownMemberId]",
            ReadAll(Hex("00000000 0000 00000001 0002 6D31 FFFF 0019"), 3));
        Assert.Equal(
            "throttle=0 error=CoordinatorNotAvailable outcome=CoordinatorNotAvailable members=[]",
            ReadAll(Hex("00000000 000F 00000000"), 3));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void LeaveGroup_v4_and_v5_response_is_compact_and_skips_unknown_tags(int version)
    {
        Assert.Equal(
            "throttle=0 error=None outcome=None members=[m1/i1/None]",
            ReadAll(Hex("00000000 0000 02 03 6D31 03 6931 0000 00 00"), version));
        Assert.Equal(
            "throttle=0 error=None outcome=FencedInstanceId members=[m1/i1/FencedInstanceId]",
            ReadAll(Hex("00000000 0000 02 03 6D31 03 6931 0052 01 00 01 99 01 05 00"), version));
    }

    // ---------------------------------------------------------------------------------------------------
    // Every version through one model, written field by field from the layout at the top of this file.

    internal static byte[] Build(int version, bool unknownTags = false)
    {
        var flexible = version >= 4;
        using var w = new KafkaWriter();
        if (version >= 1)
            w.WriteInt32(2);
        w.WriteInt16(0);
        if (version >= 3)
        {
            w.WriteArrayLength(2, flexible);
            foreach (var (id, instance, error) in new[] { ("consumer-1-6b1f", (string?)"host-a", ErrorCode.None), ("", "host-b", ErrorCode.UnknownMemberId) })
            {
                w.WriteString(id, flexible);
                w.WriteNullableString(instance, flexible);
                w.WriteInt16((short)error);
                Tags(w, flexible, unknownTags);
            }
        }

        Tags(w, flexible, unknownTags);
        return w.WrittenSpan.ToArray();
    }

    private static void Tags(KafkaWriter w, bool flexible, bool unknown)
    {
        if (!flexible)
            return;
        if (!unknown)
        {
            w.WriteEmptyTaggedFields();
            return;
        }

        w.WriteUnsignedVarInt(1);
        w.WriteUnsignedVarInt(0);
        w.WriteUnsignedVarInt(2);
        w.WriteRaw([0x00, 0x00]);
    }

    private static string Expected(int version) => version >= 3
        ? "throttle=2 error=None outcome=UnknownMemberId members=[consumer-1-6b1f/host-a/None, /host-b/UnknownMemberId]"
        : $"throttle={(version >= 1 ? 2 : 0)} error=None outcome=None members=[]";

    public static TheoryData<int> AllVersions() => new(Enumerable.Range(0, 6));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void LeaveGroup_response_decodes_every_version_from_the_model(int version)
    {
        Assert.Equal(Expected(version), ReadAll(Build(version), version));
        if (version >= 4)
            Assert.Equal(Expected(version), ReadAll(Build(version, unknownTags: true), version));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void LeaveGroup_response_with_trailing_bytes_decodes_the_same_and_leaves_them(int version)
    {
        byte[] padded = [.. Build(version), 0x00];

        Assert.Equal(Expected(version), Describe(Read(padded, version, out var remaining)));
        Assert.Equal(1, remaining);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void LeaveGroup_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(int version)
    {
        var full = Build(version, unknownTags: version >= 4);
        ReadAll(full, version);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    public static TheoryData<string, int> Corrupt() => new()
    {
        { "00000000 0000 7FFFFFFF 0002 6D31", 3 },        // member count
        { "00000000 0000 FFFFFFFF", 3 },                  // null member array
        { "00000000 0000 00000001 FFFF FFFF 0000", 3 },   // null member id
        { "00000000 0000 FFFFFFFF07 00", 4 },             // compact member count 2^31-2
        { "00000000 0000 02 FFFFFFFF0F", 4 },             // member id length beyond int range
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void LeaveGroup_response_with_a_corrupt_count_is_rejected_without_allocating(string hex, int version)
    {
        var bytes = Hex(hex);
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, version, out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, version, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 256 * 1024, $"decoding a corrupt count allocated {allocated} bytes");
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void LeaveGroup_damaged_responses_decode_or_raise_a_protocol_exception(int version)
    {
        DamagedResponses.AssertDecodeOrReject(
            Build(version, unknownTags: version >= 4), bytes => Read(bytes, version, out _), 13_000 + version, 2_000, $"LeaveGroup v{version}");
    }
}
