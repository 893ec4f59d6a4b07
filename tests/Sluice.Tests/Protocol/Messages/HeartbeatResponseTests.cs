using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (HeartbeatResponse.json, franz-go 12_heartbeat):
//   ThrottleTimeMs int32 (v1+), ErrorCode int16; v4 flexible: a tag section at the end.
public sealed class HeartbeatResponseTests
{
    private static readonly HeartbeatRequest Request = new("grp", 1, "m1");

    private static HeartbeatResponse Read(byte[] bytes, int version, out int remaining)
    {
        var reader = new KafkaReader(bytes);
        var response = Request.ReadResponse(ref reader, (short)version);
        remaining = reader.Remaining;
        return response;
    }

    private static HeartbeatResponse ReadAll(string hex, int version)
    {
        var response = Read(Hex(hex), version, out var remaining);
        Assert.Equal(0, remaining);
        return response;
    }

    [Fact]
    public void Heartbeat_v0_response_is_the_error_code_alone()
    {
        Assert.Equal(new HeartbeatResponse(0, ErrorCode.RebalanceInProgress), ReadAll("001B", 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Heartbeat_v1_to_v3_response_starts_with_the_throttle_time(int version)
    {
        Assert.Equal(new HeartbeatResponse(10, ErrorCode.IllegalGeneration), ReadAll("0000000A 0016", version));
    }

    [Fact]
    public void Heartbeat_v4_response_ends_with_tags_and_skips_unknown_ones()
    {
        Assert.Equal(new HeartbeatResponse(0, ErrorCode.None), ReadAll("00000000 0000 00", 4));
        Assert.Equal(new HeartbeatResponse(0, ErrorCode.FencedInstanceId), ReadAll("00000000 0052 02 00 02 ABCD 7F 00", 4));
    }

    private static byte[] Build(int version) => version switch
    {
        0 => Hex("0019"),
        < 4 => Hex("00000005 0019"),
        _ => Hex("00000005 0019 01 01 03 010203"),
    };

    public static TheoryData<int> AllVersions() => new(Enumerable.Range(0, 5));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void Heartbeat_response_with_trailing_bytes_decodes_the_same_and_leaves_them(int version)
    {
        byte[] padded = [.. Build(version), 0x00];

        Assert.Equal(new HeartbeatResponse(version >= 1 ? 5 : 0, ErrorCode.UnknownMemberId), Read(padded, version, out var remaining));
        Assert.Equal(1, remaining);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void Heartbeat_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(int version)
    {
        var full = Build(version);
        Read(full, version, out var remaining);
        Assert.Equal(0, remaining);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    [Theory]
    [InlineData("00000000 0000 FFFFFFFF07")]
    [InlineData("00000000 0000 01 00 FFFFFFFF07")]
    [InlineData("00000000 0000 FFFFFFFFFF01")]
    public void Heartbeat_v4_response_with_a_corrupt_tag_section_is_rejected_without_allocating(string hex)
    {
        var bytes = Hex(hex);
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, 4, out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, 4, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 256 * 1024, $"decoding a corrupt tag section allocated {allocated} bytes");
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void Heartbeat_damaged_responses_decode_or_raise_a_protocol_exception(int version)
    {
        DamagedResponses.AssertDecodeOrReject(Build(version), bytes => Read(bytes, version, out _), 12_000 + version, 1_000, $"Heartbeat v{version}");
    }
}
