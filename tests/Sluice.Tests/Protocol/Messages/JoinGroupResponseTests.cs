using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (JoinGroupResponse.json, franz-go 11_join_group):
//   ThrottleTimeMs int32 (v2+), ErrorCode int16, GenerationId int32, ProtocolType nullable string (v7+),
//   ProtocolName string (nullable v7+), Leader string, SkipAssignment bool (v9+), MemberId string,
//   Members [MemberId string, GroupInstanceId nullable string (v5+), Metadata bytes]
//   v6+ flexible: compact strings, bytes and array, tags after each member and at the end.
public sealed class JoinGroupResponseTests
{
    private static readonly JoinGroupRequest Request = new("grp", 30_000, 300_000, "", "consumer", [new JoinGroupProtocol("range", [])]);

    private static JoinGroupResponse Read(byte[] bytes, int version, out int remaining)
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

    private static string Describe(JoinGroupResponse r) =>
        $"throttle={r.ThrottleTimeMs} error={r.Error} gen={r.GenerationId} type={r.ProtocolType ?? "<null>"} " +
        $"protocol={r.ProtocolName ?? "<null>"} leader='{r.Leader}' skip={r.SkipAssignment} member='{r.MemberId}' members=[" +
        string.Join(", ", r.Members.Select(m => $"{m.MemberId}/{m.GroupInstanceId ?? "<null>"}/{Convert.ToHexString(m.Metadata)}")) + "]";

    // ---------------------------------------------------------------------------------------------------
    // Literal bytes, derived by hand from the layout above.
    // "range" = 72616E6765, "m1" = 6D31, "m2" = 6D32, "i1" = 6931, "consumer" = 636F6E73756D6572.

    private const string V0Body = "0000 00000001 0005 72616E6765 0002 6D31 0002 6D31 00000002 0002 6D31 00000002 0102 0002 6D32 00000000";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void JoinGroup_v0_and_v1_response_gives_the_leader_every_member(int version)
    {
        var text = ReadAll(Hex(V0Body), version);

        Assert.Equal("throttle=0 error=None gen=1 type=<null> protocol=range leader='m1' skip=False member='m1' members=[m1/<null>/0102, m2/<null>/]", text);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void JoinGroup_v2_to_v4_response_starts_with_the_throttle_time(int version)
    {
        var response = Read(Hex("00000064 " + V0Body), version, out var remaining);

        Assert.Equal(0, remaining);
        Assert.Equal(100, response.ThrottleTimeMs);
        Assert.True(response.IsLeader);
    }

    [Fact]
    public void JoinGroup_v4_response_with_member_id_required_carries_the_id_to_rejoin_with()
    {
        // "member-1" = 6D656D6265722D31.
        var response = Read(Hex("00000000 004F FFFFFFFF 0000 0000 0008 6D656D6265722D31 00000000"), 4, out _);

        Assert.Equal(ErrorCode.MemberIdRequired, response.Error);
        Assert.Equal("member-1", response.MemberId);
        Assert.Equal("", response.Leader);
        Assert.False(response.IsLeader);
    }

    [Fact]
    public void JoinGroup_v5_response_adds_each_members_instance_id()
    {
        var bytes = Hex("00000000 0000 00000002 0005 72616E6765 0002 6D32 0002 6D31 00000002 0002 6D31 0002 6931 00000001 AA 0002 6D32 FFFF 00000000");

        Assert.Equal(
            "throttle=0 error=None gen=2 type=<null> protocol=range leader='m2' skip=False member='m1' members=[m1/i1/AA, m2/<null>/]",
            ReadAll(bytes, 5));
        Assert.False(Read(bytes, 5, out _).IsLeader);
    }

    [Fact]
    public void JoinGroup_v6_response_is_compact_and_skips_unknown_tags()
    {
        var bytes = Hex("00000000 0000 00000003 06 72616E6765 03 6D31 03 6D31 02 03 6D31 03 6931 02 AA 01 04 01 FF 02 00 00 0A 00");

        Assert.Equal(
            "throttle=0 error=None gen=3 type=<null> protocol=range leader='m1' skip=False member='m1' members=[m1/i1/AA]",
            ReadAll(bytes, 6));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public void JoinGroup_v7_and_v8_response_adds_the_protocol_type_and_a_nullable_protocol_name(int version)
    {
        Assert.Equal(
            "throttle=0 error=None gen=4 type=consumer protocol=range leader='m1' skip=False member='m2' members=[]",
            ReadAll(Hex("00000000 0000 00000004 09 636F6E73756D6572 06 72616E6765 03 6D31 03 6D32 01 00"), version));
        Assert.Equal(
            "throttle=0 error=InconsistentGroupProtocol gen=-1 type=<null> protocol=<null> leader='' skip=False member='' members=[]",
            ReadAll(Hex("00000000 0017 FFFFFFFF 00 00 01 01 01 00"), version));
    }

    [Fact]
    public void JoinGroup_v9_response_adds_skip_assignment_after_the_leader()
    {
        Assert.Equal(
            "throttle=0 error=None gen=5 type=consumer protocol=range leader='m1' skip=True member='m1' members=[]",
            ReadAll(Hex("00000000 0000 00000005 09 636F6E73756D6572 06 72616E6765 03 6D31 01 03 6D31 01 00"), 9));
    }

    [Theory]
    [InlineData("00000000 0019 FFFFFFFF FFFF FFFF FFFF 00000000", 2)]
    [InlineData("00000000 0019 FFFFFFFF FFFF FFFF FFFF 00000000", 5)]
    [InlineData("00000000 0019 FFFFFFFF 00 00 00 01 00", 6)]
    [InlineData("00000000 0019 FFFFFFFF 00 00 00 00 01 00", 7)]
    [InlineData("00000000 0019 FFFFFFFF 00 00 00 00 00 01 00", 9)]
    public void JoinGroup_error_response_with_null_leader_member_id_and_protocol_as_the_mock_sends_reads_them_as_empty(string hex, int version)
    {
        Assert.Equal(
            "throttle=0 error=UnknownMemberId gen=-1 type=<null> protocol=<null> leader='' skip=False member='' members=[]",
            ReadAll(Hex(hex), version));
    }

    // ---------------------------------------------------------------------------------------------------
    // Every version through one model, written field by field from the layout at the top of this file.

    private static readonly (string Id, string? Instance, byte[] Metadata)[] Members =
    [
        ("consumer-1-6b1f", "host-a", [0x00, 0x03, 0x00, 0x00, 0x00, 0x01]),
        ("consumer-2-77c0", null, []),
    ];

    internal static byte[] Build(int version, bool unknownTags = false)
    {
        var flexible = version >= 6;
        using var w = new KafkaWriter();
        if (version >= 2)
            w.WriteInt32(7);
        w.WriteInt16(0);
        w.WriteInt32(12);
        if (version >= 7)
            w.WriteNullableString("consumer", flexible);
        w.WriteNullableString("cooperative-sticky", flexible);
        w.WriteString("consumer-1-6b1f", flexible);
        if (version >= 9)
            w.WriteBoolean(true);
        w.WriteString("consumer-1-6b1f", flexible);
        w.WriteArrayLength(Members.Length, flexible);
        foreach (var (id, instance, metadata) in Members)
        {
            w.WriteString(id, flexible);
            if (version >= 5)
                w.WriteNullableString(instance, flexible);
            w.WriteNullableBytes(metadata, isNull: false, flexible);
            Tags(w, flexible, unknownTags);
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
        w.WriteUnsignedVarInt(130);
        w.WriteUnsignedVarInt(3);
        w.WriteRaw([0x01, 0x02, 0x03]);
    }

    private static string Expected(int version) =>
        $"throttle={(version >= 2 ? 7 : 0)} error=None gen=12 type={(version >= 7 ? "consumer" : "<null>")} protocol=cooperative-sticky " +
        $"leader='consumer-1-6b1f' skip={version >= 9} member='consumer-1-6b1f' members=[" +
        $"consumer-1-6b1f/{(version >= 5 ? "host-a" : "<null>")}/000300000001, consumer-2-77c0/<null>/]";

    public static TheoryData<int> AllVersions() => new(Enumerable.Range(0, 10));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void JoinGroup_response_decodes_every_version_from_the_model(int version)
    {
        Assert.Equal(Expected(version), ReadAll(Build(version), version));
        if (version >= 6)
            Assert.Equal(Expected(version), ReadAll(Build(version, unknownTags: true), version));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void JoinGroup_response_with_trailing_bytes_decodes_the_same_and_leaves_them(int version)
    {
        byte[] padded = [.. Build(version), 0x00];

        Assert.Equal(Expected(version), Describe(Read(padded, version, out var remaining)));
        Assert.Equal(1, remaining);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void JoinGroup_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(int version)
    {
        var full = Build(version, unknownTags: version >= 6);
        ReadAll(full, version);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    public static TheoryData<string, int> Corrupt() => new()
    {
        { "0000 00000001 0000 0000 0000 7FFFFFFF 0002 6D31", 0 },            // member count
        { "0000 00000001 0000 0000 0000 00000001 0002 6D31 7FFFFFFF", 0 },   // metadata length
        { "0000 00000001 0000 0000 0000 00000001 0002 6D31 FFFFFFFF", 0 },   // null metadata
        { "0000 00000001 0000 0000 0000 00000001 FFFF 00000000", 0 },        // null member id in the list
        { "0000 00000001 0000 0000 0000 FFFFFFFF", 0 },                      // null member array
        { "00000000 0000 00000001 01 01 01 FFFFFFFF07 00", 6 },              // compact member count 2^31-2
        { "00000000 0000 00000001 01 01 01 02 01 00 FFFFFFFF0F", 6 },         // compact metadata length beyond int range
        { "00000000 0000 00000001 7FFF", 2 },                                // protocol name length 32767
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void JoinGroup_response_with_a_corrupt_count_or_length_is_rejected_without_allocating(string hex, int version)
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
    public void JoinGroup_damaged_responses_decode_or_raise_a_protocol_exception(int version)
    {
        DamagedResponses.AssertDecodeOrReject(
            Build(version, unknownTags: version >= 6), bytes => Read(bytes, version, out _), 11_000 + version, 2_000, $"JoinGroup v{version}");
    }
}
