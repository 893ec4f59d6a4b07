using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (FindCoordinatorResponse.json, franz-go 10_find_coordinator):
//   ThrottleTimeMs int32 (v1+)
//   v0-v3: ErrorCode int16, ErrorMessage nullable string (v1+), NodeId int32, Host string, Port int32
//   v4+:   Coordinators [Key string, NodeId int32, Host string, Port int32, ErrorCode int16, ErrorMessage nullable string]
//   v3+ flexible: compact strings and array, tags after each coordinator and at the end.
public sealed class FindCoordinatorResponseTests
{
    // "grp" = 677270, "g1" = 6731, "k1" = 6B31, "down" = 646F776E; 9092 = 00002384.
    private static readonly FindCoordinatorRequest Single = new("grp");
    private static readonly FindCoordinatorRequest Batched = new(["grp", "g1"]);

    private static FindCoordinatorResponse Read(byte[] bytes, int version, out int remaining)
    {
        var reader = new KafkaReader(bytes);
        var response = (version >= 4 ? Batched : Single).ReadResponse(ref reader, (short)version);
        remaining = reader.Remaining;
        return response;
    }

    private static string ReadAll(byte[] bytes, int version)
    {
        var response = Read(bytes, version, out var remaining);
        Assert.Equal(0, remaining);
        return Describe(response);
    }

    private static string Describe(FindCoordinatorResponse r) =>
        $"throttle={r.ThrottleTimeMs} " + string.Join(" | ", r.Coordinators.Select(c =>
            $"{c.Key}: {c.Error} '{c.ErrorMessage ?? "<null>"}' node {c.NodeId} {c.Host}:{c.Port}"));

    // ---------------------------------------------------------------------------------------------------
    // Literal bytes, derived by hand from the layout above.

    [Fact]
    public void FindCoordinator_v0_response_names_the_coordinator_of_the_one_key()
    {
        Assert.Equal("throttle=0 grp: None '<null>' node 2 k1:9092", ReadAll(Hex("0000 00000002 0002 6B31 00002384"), 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FindCoordinator_v1_and_v2_responses_add_throttle_and_error_message(int version)
    {
        Assert.Equal(
            "throttle=10 grp: CoordinatorNotAvailable 'down' node -1 :-1",
            ReadAll(Hex("0000000A 000F 0004 646F776E FFFFFFFF 0000 FFFFFFFF"), version));
    }

    [Fact]
    public void FindCoordinator_v3_response_is_compact_and_skips_unknown_tags()
    {
        Assert.Equal("throttle=0 grp: None '<null>' node 1 k1:9092", ReadAll(Hex("00000000 0000 00 00000001 03 6B31 00002384 00"), 3));
        Assert.Equal(
            "throttle=0 grp: None '<null>' node 1 k1:9092",
            ReadAll(Hex("00000000 0000 00 00000001 03 6B31 00002384 02 00 01 FF 05 00"), 3));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void FindCoordinator_v4_to_v6_response_answers_each_key_with_its_own_error(int version)
    {
        var bytes = Hex(
            "00000000 03 " +
            "04 677270 00000001 03 6B31 00002384 0000 00 00 " +            // grp -> node 1 k1:9092
            "03 6731 FFFFFFFF 01 FFFFFFFF 000F 05 646F776E 01 07 01 AA " +   // g1 -> CoordinatorNotAvailable "down", tag 7
            "00");

        Assert.Equal(
            "throttle=0 grp: None '<null>' node 1 k1:9092 | g1: CoordinatorNotAvailable 'down' node -1 :-1",
            ReadAll(bytes, version));
    }

    [Fact]
    public void FindCoordinator_response_finds_each_key_whatever_the_version()
    {
        var v0 = Read(Hex("0000 00000002 0002 6B31 00002384"), 0, out _);
        var v4 = Read(Hex("00000000 02 03 6731 00000003 03 6B31 00002384 0000 00 00 00"), 4, out _);

        Assert.Equal(2, v0.For("grp")!.NodeId);
        Assert.Null(v0.For("g1"));
        Assert.Equal(3, v4.For("g1")!.NodeId);
        Assert.Null(v4.For("grp"));
    }

    // ---------------------------------------------------------------------------------------------------
    // Every version through one model, written field by field from the layout at the top of this file.

    private static readonly (string Key, int Node, string Host, int Port, ErrorCode Error, string? Message)[] Model =
    [
        ("grp", 3, "kafka-3.example", 19092, ErrorCode.None, null),
        ("g1", -1, "", -1, ErrorCode.CoordinatorLoadInProgress, "loading"),
    ];

    internal static byte[] Build(int version, bool unknownTags = false)
    {
        var flexible = version >= 3;
        using var w = new KafkaWriter();
        if (version >= 1)
            w.WriteInt32(25);
        if (version < 4)
        {
            var c = Model[0];
            w.WriteInt16((short)c.Error);
            if (version >= 1)
                w.WriteNullableString(c.Message, flexible);
            w.WriteInt32(c.Node);
            w.WriteString(c.Host, flexible);
            w.WriteInt32(c.Port);
        }
        else
        {
            w.WriteArrayLength(Model.Length, flexible);
            foreach (var c in Model)
            {
                w.WriteString(c.Key, flexible);
                w.WriteInt32(c.Node);
                w.WriteString(c.Host, flexible);
                w.WriteInt32(c.Port);
                w.WriteInt16((short)c.Error);
                w.WriteNullableString(c.Message, flexible);
                Tags(w, unknownTags);
            }
        }

        if (flexible)
            Tags(w, unknownTags);
        return w.WrittenSpan.ToArray();
    }

    private static void Tags(KafkaWriter w, bool unknown)
    {
        if (!unknown)
        {
            w.WriteEmptyTaggedFields();
            return;
        }

        w.WriteUnsignedVarInt(2);
        w.WriteUnsignedVarInt(1);
        w.WriteUnsignedVarInt(2);
        w.WriteRaw([0xBE, 0xEF]);
        w.WriteUnsignedVarInt(1000);
        w.WriteUnsignedVarInt(0);
    }

    private static string Expected(int version) => version < 4
        ? $"throttle={(version >= 1 ? 25 : 0)} grp: None '<null>' node 3 kafka-3.example:19092"
        : "throttle=25 grp: None '<null>' node 3 kafka-3.example:19092 | g1: CoordinatorLoadInProgress 'loading' node -1 :-1";

    public static TheoryData<int> AllVersions() => new(Enumerable.Range(0, 7));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void FindCoordinator_response_decodes_every_version_from_the_model(int version)
    {
        Assert.Equal(Expected(version), ReadAll(Build(version), version));
        if (version >= 3)
            Assert.Equal(Expected(version), ReadAll(Build(version, unknownTags: true), version));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void FindCoordinator_response_with_trailing_bytes_decodes_the_same_and_leaves_them(int version)
    {
        byte[] padded = [.. Build(version), 0x00, 0x7F];

        Assert.Equal(Expected(version), Describe(Read(padded, version, out var remaining)));
        Assert.Equal(2, remaining);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void FindCoordinator_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(int version)
    {
        var full = Build(version, unknownTags: version >= 3);
        ReadAll(full, version);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    public static TheoryData<string, int> Corrupt() => new()
    {
        { "00000000 7FFFFFFF", 4 },                                      // compact count as a classic int: varint too long
        { "00000000 FFFFFFFF07 00", 4 },                                 // coordinator count 2^31-2
        { "00000000 00 00", 4 },                                         // null coordinator array
        { "00000000 02 00 00000001 03 6B31 00002384 0000 00 00 00", 4 }, // null key
        { "0000 00000001 7FFF 6B31", 0 },                                // host length 32767
        { "0000 00000001 FFFF 00002384", 0 },                            // null host
        { "00000000 0000 FFFFFFFF0F", 3 },                               // error message length beyond int range
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void FindCoordinator_response_with_a_corrupt_count_or_length_is_rejected_without_allocating(string hex, int version)
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
    public void FindCoordinator_damaged_responses_decode_or_raise_a_protocol_exception(int version)
    {
        DamagedResponses.AssertDecodeOrReject(
            Build(version, unknownTags: version >= 3), bytes => Read(bytes, version, out _), 10_000 + version, 2_000, $"FindCoordinator v{version}");
    }
}
