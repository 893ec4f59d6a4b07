using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (OffsetCommitResponse.json, franz-go 08_offset_commit):
//   ThrottleTimeMs int32 (v3+), Topics [Name string, Partitions [PartitionIndex int32, ErrorCode int16]]
//   v8+ flexible: compact strings and arrays, tags after each partition, each topic and at the end.
public sealed class OffsetCommitResponseTests
{
    private static readonly OffsetCommitRequest Request = new("grp", [new OffsetCommitTopic("orders", [new OffsetCommitPartition(0, 1)])]);

    private static OffsetCommitResponse Read(byte[] bytes, int version, out int remaining)
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

    private static string Describe(OffsetCommitResponse r) =>
        $"throttle={r.ThrottleTimeMs} " + string.Join(" ", r.Topics.Select(t =>
            $"{t.Name}[{string.Join(", ", t.Partitions.Select(p => $"{p.Partition}:{p.Error}"))}]"));

    // ---------------------------------------------------------------------------------------------------
    // Literal bytes, derived by hand from the layout above. "orders" = 6F7264657273.

    private const string V0Body = "00000001 0006 6F7264657273 00000002 00000000 0000 00000003 0016";

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void OffsetCommit_v0_to_v2_response_gives_an_error_per_partition(int version)
    {
        Assert.Equal("throttle=0 orders[0:None, 3:IllegalGeneration]", ReadAll(Hex(V0Body), version));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void OffsetCommit_v3_to_v7_response_starts_with_the_throttle_time(int version)
    {
        Assert.Equal("throttle=20 orders[0:None, 3:IllegalGeneration]", ReadAll(Hex("00000014 " + V0Body), version));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public void OffsetCommit_v8_and_v9_response_is_compact_and_skips_unknown_tags(int version)
    {
        Assert.Equal(
            "throttle=0 orders[0:None, 3:StaleMemberEpoch]",
            ReadAll(Hex("00000000 02 07 6F7264657273 03 00000000 0000 00 00000003 0071 01 02 01 EE 00 00"), version));
        Assert.Equal("throttle=0 ", ReadAll(Hex("00000000 01 01 03 03 ABCDEF"), version));
    }

    // ---------------------------------------------------------------------------------------------------
    // Every version through one model, written field by field from the layout at the top of this file.

    private static readonly (string Name, (int Index, ErrorCode Error)[] Partitions)[] Model =
    [
        ("orders", [(0, ErrorCode.None), (1, ErrorCode.OffsetMetadataTooLarge), (2, ErrorCode.UnknownTopicOrPartition)]),
        ("audit", [(7, ErrorCode.RebalanceInProgress)]),
    ];

    internal static byte[] Build(int version, bool unknownTags = false)
    {
        var flexible = version >= 8;
        using var w = new KafkaWriter();
        if (version >= 3)
            w.WriteInt32(40);
        w.WriteArrayLength(Model.Length, flexible);
        foreach (var (name, partitions) in Model)
        {
            w.WriteString(name, flexible);
            w.WriteArrayLength(partitions.Length, flexible);
            foreach (var (index, error) in partitions)
            {
                w.WriteInt32(index);
                w.WriteInt16((short)error);
                Tags(w, flexible, unknownTags);
            }

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
        w.WriteUnsignedVarInt(20_000);
        w.WriteUnsignedVarInt(1);
        w.WriteRaw([0x00]);
    }

    private static string Expected(int version) =>
        $"throttle={(version >= 3 ? 40 : 0)} orders[0:None, 1:OffsetMetadataTooLarge, 2:UnknownTopicOrPartition] audit[7:RebalanceInProgress]";

    public static TheoryData<int> AllVersions() => new(Enumerable.Range(0, 10));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void OffsetCommit_response_decodes_every_version_from_the_model(int version)
    {
        Assert.Equal(Expected(version), ReadAll(Build(version), version));
        if (version >= 8)
            Assert.Equal(Expected(version), ReadAll(Build(version, unknownTags: true), version));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void OffsetCommit_response_with_trailing_bytes_decodes_the_same_and_leaves_them(int version)
    {
        byte[] padded = [.. Build(version), 0x00];

        Assert.Equal(Expected(version), Describe(Read(padded, version, out var remaining)));
        Assert.Equal(1, remaining);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void OffsetCommit_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(int version)
    {
        var full = Build(version, unknownTags: version >= 8);
        ReadAll(full, version);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    public static TheoryData<string, int> Corrupt() => new()
    {
        { "7FFFFFFF 0006 6F7264657273", 0 },                   // topic count
        { "00000001 0006 6F7264657273 7FFFFFFF 00000000", 0 }, // partition count
        { "00000001 0006 6F7264657273 FFFFFFFF", 0 },          // null partition array
        { "00000000 FFFFFFFF", 3 },                            // null topic array
        { "00000000 FFFFFFFF07 00", 8 },                       // compact topic count 2^31-2
        { "00000000 02 02 74 FFFFFFFF07 00", 8 },              // compact partition count
        { "00000000 02 FFFFFFFF0F", 8 },                       // name length beyond int range
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void OffsetCommit_response_with_a_corrupt_count_is_rejected_without_allocating(string hex, int version)
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
    public void OffsetCommit_damaged_responses_decode_or_raise_a_protocol_exception(int version)
    {
        DamagedResponses.AssertDecodeOrReject(
            Build(version, unknownTags: version >= 8), bytes => Read(bytes, version, out _), 8_000 + version, 2_000, $"OffsetCommit v{version}");
    }
}
