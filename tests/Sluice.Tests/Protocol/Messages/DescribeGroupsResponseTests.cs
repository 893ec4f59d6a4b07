using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (DescribeGroupsResponse.json, franz-go 15_describe_groups):
//   ThrottleTimeMs int32 (v1+)
//   Groups [ErrorCode int16, ErrorMessage nullable string (v6+), GroupId string, GroupState string, ProtocolType string,
//           ProtocolData string,
//           Members [MemberId string, GroupInstanceId nullable string (v4+), ClientId string, ClientHost string,
//                    MemberMetadata bytes, MemberAssignment bytes],
//           AuthorizedOperations int32 (v3+, default INT32_MIN)]
//   v5+ flexible: compact strings, bytes and arrays, tags after each member, each group and at the end.
public sealed class DescribeGroupsResponseTests
{
    private static readonly DescribeGroupsRequest Request = new(["grp"]);

    private static DescribeGroupsResponse Read(byte[] bytes, int version, out int remaining)
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

    private static string Describe(DescribeGroupsResponse r) =>
        $"throttle={r.ThrottleTimeMs}" + string.Concat(r.Groups.Select(g =>
            $" | {g.GroupId} {g.Error} '{g.ErrorMessage ?? "<null>"}' {g.GroupState} {g.ProtocolType}/{g.ProtocolData} ops={g.AuthorizedOperations} members=[" +
            string.Join(", ", g.Members.Select(m =>
                $"{m.MemberId}/{m.GroupInstanceId ?? "<null>"}/{m.ClientId}/{m.ClientHost}/{Convert.ToHexString(m.MemberMetadata)}/{Convert.ToHexString(m.MemberAssignment)}")) +
            "]"));

    // ---------------------------------------------------------------------------------------------------
    // Literal bytes, derived by hand from the layout above.
    // "grp" = 677270, "Stable" = 537461626C65, "Dead" = 44656164, "consumer" = 636F6E73756D6572, "range" = 72616E6765,
    // "m1" = 6D31, "i1" = 6931, "c1" = 6331, "h1" = 6831, "gone" = 676F6E65.

    private const string V0Group =
        "0000 0003 677270 0006 537461626C65 0008 636F6E73756D6572 0005 72616E6765 " +
        "00000001 0002 6D31 0002 6331 0002 6831 00000002 0102 00000001 AA";

    private const string Stable = "grp None '<null>' Stable consumer/range";

    [Fact]
    public void DescribeGroups_v0_response_describes_state_protocol_and_members()
    {
        Assert.Equal($"throttle=0 | {Stable} ops=-2147483648 members=[m1/<null>/c1/h1/0102/AA]", ReadAll(Hex("00000001 " + V0Group), 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void DescribeGroups_v1_and_v2_response_starts_with_the_throttle_time(int version)
    {
        Assert.Equal($"throttle=10 | {Stable} ops=-2147483648 members=[m1/<null>/c1/h1/0102/AA]", ReadAll(Hex("0000000A 00000001 " + V0Group), version));
    }

    [Fact]
    public void DescribeGroups_v3_response_adds_the_authorized_operations_after_the_members()
    {
        Assert.Equal($"throttle=0 | {Stable} ops=248 members=[m1/<null>/c1/h1/0102/AA]", ReadAll(Hex("00000000 00000001 " + V0Group + " 000000F8"), 3));
    }

    [Fact]
    public void DescribeGroups_v4_response_adds_each_members_instance_id()
    {
        var bytes = Hex(
            "00000000 00000001 0000 0003 677270 0006 537461626C65 0008 636F6E73756D6572 0005 72616E6765 " +
            "00000001 0002 6D31 0002 6931 0002 6331 0002 6831 00000002 0102 00000001 AA 000000F8");

        Assert.Equal($"throttle=0 | {Stable} ops=248 members=[m1/i1/c1/h1/0102/AA]", ReadAll(bytes, 4));
    }

    [Fact]
    public void DescribeGroups_v5_response_is_compact_and_skips_unknown_tags()
    {
        var bytes = Hex(
            "00000000 02 0000 04 677270 07 537461626C65 09 636F6E73756D6572 06 72616E6765 " +
            "02 03 6D31 03 6931 03 6331 03 6831 03 0102 02 AA 01 02 01 77 " +    // member tag 2 (1 byte)
            "000000F8 00 01 01 00");                                             // top-level tag 1 (empty)

        Assert.Equal($"throttle=0 | {Stable} ops=248 members=[m1/i1/c1/h1/0102/AA]", ReadAll(bytes, 5));
    }

    [Fact]
    public void DescribeGroups_v6_response_adds_an_error_message_after_the_error_code()
    {
        Assert.Equal(
            "throttle=0 | grp GroupIdNotFound 'gone' Dead / ops=-2147483648 members=[]",
            ReadAll(Hex("00000000 02 0045 05 676F6E65 04 677270 05 44656164 01 01 01 80000000 00 00"), 6));
    }

    // ---------------------------------------------------------------------------------------------------
    // Every version through one model, written field by field from the layout at the top of this file.

    internal static byte[] Build(int version, bool unknownTags = false)
    {
        var flexible = version >= 5;
        using var w = new KafkaWriter();
        if (version >= 1)
            w.WriteInt32(6);
        w.WriteArrayLength(2, flexible);

        w.WriteInt16(0);
        if (version >= 6)
            w.WriteNullableString(null, flexible);
        w.WriteString("payments", flexible);
        w.WriteString("Stable", flexible);
        w.WriteString("consumer", flexible);
        w.WriteString("cooperative-sticky", flexible);
        w.WriteArrayLength(2, flexible);
        foreach (var (id, instance, host, metadata, assignment) in new (string, string?, string, byte[], byte[])[]
                 {
                     ("consumer-1-6b1f", "pod-a", "/10.0.0.1", [0x00, 0x03], [0x00, 0x03, 0x00, 0x00, 0x00, 0x00]),
                     ("consumer-2-77c0", null, "/10.0.0.2", [], []),
                 })
        {
            w.WriteString(id, flexible);
            if (version >= 4)
                w.WriteNullableString(instance, flexible);
            w.WriteString("sluice", flexible);
            w.WriteString(host, flexible);
            w.WriteNullableBytes(metadata, isNull: false, flexible);
            w.WriteNullableBytes(assignment, isNull: false, flexible);
            Tags(w, flexible, unknownTags);
        }

        if (version >= 3)
            w.WriteInt32(0x0F80);
        Tags(w, flexible, unknownTags);

        w.WriteInt16((short)ErrorCode.GroupAuthorizationFailed);
        if (version >= 6)
            w.WriteNullableString("denied", flexible);
        w.WriteString("secret", flexible);
        w.WriteString("", flexible);
        w.WriteString("", flexible);
        w.WriteString("", flexible);
        w.WriteArrayLength(0, flexible);
        if (version >= 3)
            w.WriteInt32(int.MinValue);
        Tags(w, flexible, unknownTags);

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

        w.WriteUnsignedVarInt(2);
        w.WriteUnsignedVarInt(0);
        w.WriteUnsignedVarInt(0);
        w.WriteUnsignedVarInt(16_383);
        w.WriteUnsignedVarInt(2);
        w.WriteRaw([0x12, 0x34]);
    }

    private static string Expected(int version) =>
        $"throttle={(version >= 1 ? 6 : 0)}" +
        $" | payments None '<null>' Stable consumer/cooperative-sticky ops={(version >= 3 ? 0x0F80 : int.MinValue)} members=[" +
        $"consumer-1-6b1f/{(version >= 4 ? "pod-a" : "<null>")}/sluice//10.0.0.1/0003/000300000000, consumer-2-77c0/<null>/sluice//10.0.0.2//]" +
        $" | secret GroupAuthorizationFailed '{(version >= 6 ? "denied" : "<null>")}'  / ops=-2147483648 members=[]";

    public static TheoryData<int> AllVersions() => new(Enumerable.Range(0, 7));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void DescribeGroups_response_decodes_every_version_from_the_model(int version)
    {
        Assert.Equal(Expected(version), ReadAll(Build(version), version));
        if (version >= 5)
            Assert.Equal(Expected(version), ReadAll(Build(version, unknownTags: true), version));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void DescribeGroups_response_with_trailing_bytes_decodes_the_same_and_leaves_them(int version)
    {
        byte[] padded = [.. Build(version), 0x00];

        Assert.Equal(Expected(version), Describe(Read(padded, version, out var remaining)));
        Assert.Equal(1, remaining);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void DescribeGroups_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(int version)
    {
        var full = Build(version, unknownTags: version >= 5);
        ReadAll(full, version);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    public static TheoryData<string, int> Corrupt() => new()
    {
        { "7FFFFFFF 0000", 0 },                                                  // group count
        { "00000001 0000 0001 67 0000 0000 0000 7FFFFFFF 0002 6D31", 0 },          // member count
        { "00000001 0000 0001 67 0000 0000 0000 00000001 0001 6D 0000 0000 7FFFFFFF 00", 0 }, // metadata length
        { "00000001 0000 0001 67 0000 0000 0000 00000001 0001 6D 0000 0000 FFFFFFFF 00000000", 0 }, // null metadata
        { "00000001 0000 0001 67 0000 0000 0000 FFFFFFFF", 0 },                   // null member array
        { "00000000 FFFFFFFF07 00", 5 },                                          // compact group count 2^31-2
        { "00000000 02 0000 02 67 01 01 01 FFFFFFFF07 00", 5 },                    // compact member count
        { "00000000 02 0000 FFFFFFFF0F", 6 },                                     // error message length beyond int range
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void DescribeGroups_response_with_a_corrupt_count_is_rejected_without_allocating(string hex, int version)
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
    public void DescribeGroups_damaged_responses_decode_or_raise_a_protocol_exception(int version)
    {
        DamagedResponses.AssertDecodeOrReject(
            Build(version, unknownTags: version >= 5), bytes => Read(bytes, version, out _), 15_000 + version, 2_000, $"DescribeGroups v{version}");
    }
}
