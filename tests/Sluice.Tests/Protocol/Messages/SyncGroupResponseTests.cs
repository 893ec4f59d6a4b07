using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (SyncGroupResponse.json, franz-go 14_sync_group):
//   ThrottleTimeMs int32 (v1+), ErrorCode int16, ProtocolType nullable string (v5+), ProtocolName nullable string (v5+),
//   Assignment bytes
//   v4+ flexible: compact strings and bytes, a tag section at the end.
public sealed class SyncGroupResponseTests
{
    private static readonly SyncGroupRequest Request = new("grp", 1, "m1", []);

    private static SyncGroupResponse Read(byte[] bytes, int version, out int remaining)
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

    private static string Describe(SyncGroupResponse r) =>
        $"throttle={r.ThrottleTimeMs} error={r.Error} type={r.ProtocolType ?? "<null>"} protocol={r.ProtocolName ?? "<null>"} assignment={Convert.ToHexString(r.Assignment)}";

    // ---------------------------------------------------------------------------------------------------
    // Literal bytes, derived by hand from the layout above. "consumer" = 636F6E73756D6572, "range" = 72616E6765.

    [Fact]
    public void SyncGroup_v0_response_is_the_error_and_this_members_assignment()
    {
        Assert.Equal("throttle=0 error=None type=<null> protocol=<null> assignment=0A0B0C0D", ReadAll(Hex("0000 00000004 0A0B0C0D"), 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SyncGroup_v1_to_v3_response_starts_with_the_throttle_time(int version)
    {
        Assert.Equal("throttle=10 error=None type=<null> protocol=<null> assignment=0A0B0C0D", ReadAll(Hex("0000000A 0000 00000004 0A0B0C0D"), version));
        Assert.Equal("throttle=0 error=RebalanceInProgress type=<null> protocol=<null> assignment=", ReadAll(Hex("00000000 001B 00000000"), version));
    }

    [Fact]
    public void SyncGroup_v4_response_is_compact_and_skips_unknown_tags()
    {
        Assert.Equal("throttle=0 error=None type=<null> protocol=<null> assignment=0A0B0C0D", ReadAll(Hex("00000000 0000 05 0A0B0C0D 00"), 4));
        Assert.Equal("throttle=0 error=None type=<null> protocol=<null> assignment=0A0B0C0D", ReadAll(Hex("00000000 0000 05 0A0B0C0D 01 03 02 ABCD"), 4));
    }

    [Fact]
    public void SyncGroup_v5_response_adds_protocol_type_and_name_before_the_assignment()
    {
        Assert.Equal(
            "throttle=0 error=None type=consumer protocol=range assignment=0A0B0C0D",
            ReadAll(Hex("00000000 0000 09 636F6E73756D6572 06 72616E6765 05 0A0B0C0D 00"), 5));
        Assert.Equal(
            "throttle=0 error=InconsistentGroupProtocol type=<null> protocol=<null> assignment=",
            ReadAll(Hex("00000000 0017 00 00 01 00"), 5));
    }

    [Theory]
    [InlineData("0019 FFFFFFFF", 0)]
    [InlineData("00000000 0019 FFFFFFFF", 3)]
    [InlineData("00000000 0019 00 00", 4)]
    public void SyncGroup_error_response_with_a_null_assignment_reads_it_as_empty(string hex, int version)
    {
        var response = Read(Hex(hex), version, out var remaining);

        Assert.Equal(0, remaining);
        Assert.Equal(ErrorCode.UnknownMemberId, response.Error);
        Assert.Empty(response.Assignment);
    }

    // ---------------------------------------------------------------------------------------------------
    // Every version through one model, written field by field from the layout at the top of this file.

    private static readonly byte[] Assignment = [0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x6F, 0x72, 0x64, 0x65, 0x72, 0x73];

    internal static byte[] Build(int version, bool unknownTags = false)
    {
        var flexible = version >= 4;
        using var w = new KafkaWriter();
        if (version >= 1)
            w.WriteInt32(3);
        w.WriteInt16(0);
        if (version >= 5)
        {
            w.WriteNullableString("consumer", flexible);
            w.WriteNullableString("cooperative-sticky", flexible);
        }

        w.WriteNullableBytes(Assignment, isNull: false, flexible);
        if (flexible && unknownTags)
        {
            w.WriteUnsignedVarInt(1);
            w.WriteUnsignedVarInt(9);
            w.WriteUnsignedVarInt(1);
            w.WriteRaw([0x42]);
        }
        else if (flexible)
        {
            w.WriteEmptyTaggedFields();
        }

        return w.WrittenSpan.ToArray();
    }

    private static string Expected(int version) =>
        $"throttle={(version >= 1 ? 3 : 0)} error=None type={(version >= 5 ? "consumer" : "<null>")} " +
        $"protocol={(version >= 5 ? "cooperative-sticky" : "<null>")} assignment={Convert.ToHexString(Assignment)}";

    public static TheoryData<int> AllVersions() => new(Enumerable.Range(0, 6));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void SyncGroup_response_decodes_every_version_from_the_model(int version)
    {
        Assert.Equal(Expected(version), ReadAll(Build(version), version));
        if (version >= 4)
            Assert.Equal(Expected(version), ReadAll(Build(version, unknownTags: true), version));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void SyncGroup_response_with_trailing_bytes_decodes_the_same_and_leaves_them(int version)
    {
        byte[] padded = [.. Build(version), 0x00, 0x00, 0x00];

        Assert.Equal(Expected(version), Describe(Read(padded, version, out var remaining)));
        Assert.Equal(3, remaining);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void SyncGroup_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(int version)
    {
        var full = Build(version, unknownTags: version >= 4);
        ReadAll(full, version);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    public static TheoryData<string, int> Corrupt() => new()
    {
        { "0000 7FFFFFFF 00", 0 },                 // assignment length
        { "0000 80000000", 0 },                    // negative assignment length
        { "00000000 0000 FFFFFFFF07 00", 4 },      // compact assignment length 2^31-2
        { "00000000 0000 FFFFFFFF0F", 4 },         // varint beyond int range
        { "00000000 0000 7FFF", 5 },               // protocol type length
        { "00000000 0000 01 01 01 FFFFFFFF07", 5 }, // tagged field count
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void SyncGroup_response_with_a_corrupt_length_is_rejected_without_allocating(string hex, int version)
    {
        var bytes = Hex(hex);
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, version, out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, version, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 256 * 1024, $"decoding a corrupt length allocated {allocated} bytes");
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void SyncGroup_damaged_responses_decode_or_raise_a_protocol_exception(int version)
    {
        DamagedResponses.AssertDecodeOrReject(
            Build(version, unknownTags: version >= 4), bytes => Read(bytes, version, out _), 14_000 + version, 2_000, $"SyncGroup v{version}");
    }
}
