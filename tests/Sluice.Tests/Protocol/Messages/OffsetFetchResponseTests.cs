using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (OffsetFetchResponse.json, franz-go 09_offset_fetch):
//   ThrottleTimeMs int32 (v3+)
//   v0-v7: Topics [Name string, Partitions [PartitionIndex int32, CommittedOffset int64, CommittedLeaderEpoch int32 (v5+),
//                  Metadata nullable string, ErrorCode int16]], ErrorCode int16 (v2-v7)
//   v8+:   Groups [GroupId string, Topics (as above, with the leader epoch), ErrorCode int16]
//   v6+ flexible: compact strings and arrays, tags after each partition, topic, group and at the end.
public sealed class OffsetFetchResponseTests
{
    private static readonly OffsetFetchRequest Request = new("grp", null);

    private static OffsetFetchResponse Read(byte[] bytes, int version, out int remaining)
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

    private static string Describe(OffsetFetchResponse r) =>
        $"throttle={r.ThrottleTimeMs} error={r.Error}" + string.Concat(r.Topics.Select(t =>
            $" {t.Name}[{string.Join(", ", t.Partitions.Select(p => $"{p.Partition}@{p.Offset}/e{p.LeaderEpoch}/'{p.Metadata ?? "<null>"}'/{p.Error}"))}]"));

    // ---------------------------------------------------------------------------------------------------
    // Literal bytes, derived by hand from the layout above.
    // "grp" = 677270, "g1" = 6731, "orders" = 6F7264657273, "x" = 78; 42 = 2A.

    private const string V0Topics =
        "00000001 0006 6F7264657273 00000002 " +
        "00000000 000000000000002A 0000 0000 " +        // p0 at 42, metadata "", no error
        "00000003 FFFFFFFFFFFFFFFF FFFF 0003";          // p3 none, metadata null, UnknownTopicOrPartition

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void OffsetFetch_v0_and_v1_response_gives_the_committed_offset_per_partition(int version)
    {
        Assert.Equal(
            "throttle=0 error=None orders[0@42/e-1/''/None, 3@-1/e-1/'<null>'/UnknownTopicOrPartition]",
            ReadAll(Hex(V0Topics), version));
    }

    [Theory]
    [InlineData("0010", ErrorCode.NotCoordinator)]
    [InlineData("000E", ErrorCode.CoordinatorLoadInProgress)]
    [InlineData("001E", ErrorCode.GroupAuthorizationFailed)]
    [InlineData("001D", ErrorCode.None)]
    public void OffsetFetch_v1_response_takes_the_group_error_from_the_partitions(string partitionError, ErrorCode groupError)
    {
        var response = Read(Hex($"00000001 0006 6F7264657273 00000001 00000000 FFFFFFFFFFFFFFFF FFFF {partitionError}"), 1, out _);

        Assert.Equal(groupError, response.Error);
    }

    [Fact]
    public void OffsetFetch_v2_response_ends_with_the_group_error()
    {
        Assert.Equal(
            "throttle=0 error=None orders[0@42/e-1/''/None, 3@-1/e-1/'<null>'/UnknownTopicOrPartition]",
            ReadAll(Hex(V0Topics + " 0000"), 2));
        Assert.Equal("throttle=0 error=GroupAuthorizationFailed", ReadAll(Hex("00000000 001E"), 2));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void OffsetFetch_v3_and_v4_response_starts_with_the_throttle_time(int version)
    {
        Assert.Equal(
            "throttle=10 error=CoordinatorNotAvailable orders[0@42/e-1/''/None, 3@-1/e-1/'<null>'/UnknownTopicOrPartition]",
            ReadAll(Hex("0000000A " + V0Topics + " 000F"), version));
    }

    [Fact]
    public void OffsetFetch_v5_response_adds_the_committed_leader_epoch()
    {
        Assert.Equal(
            "throttle=10 error=None orders[0@42/e7/'x'/None]",
            ReadAll(Hex("0000000A 00000001 0006 6F7264657273 00000001 00000000 000000000000002A 00000007 0001 78 0000 0000"), 5));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void OffsetFetch_v6_and_v7_response_is_compact_and_skips_unknown_tags(int version)
    {
        Assert.Equal(
            "throttle=10 error=None orders[0@42/e7/'x'/None, 1@-1/e-1/'<null>'/UnstableOffsetCommit]",
            ReadAll(Hex(
                "0000000A 02 07 6F7264657273 03 " +
                "00000000 000000000000002A 00000007 02 78 0000 00 " +
                "00000001 FFFFFFFFFFFFFFFF FFFFFFFF 00 0058 01 00 02 0102 " +   // tag 0, 2 bytes
                "00 0000 01 05 00"), version));                                   // top-level tag 5, empty
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public void OffsetFetch_v8_and_v9_response_picks_the_one_group_asked_about(int version)
    {
        Assert.Equal(
            "throttle=0 error=None orders[0@42/e7/'x'/None]",
            ReadAll(Hex(
                "00000000 03 " +
                "03 6731 01 0010 00 " +                                                  // g1: no topics, NotCoordinator
                "04 677270 02 07 6F7264657273 02 00000000 000000000000002A 00000007 02 78 0000 00 00 0000 00 " +
                "00"), version));
        Assert.Equal("throttle=5 error=CoordinatorLoadInProgress", ReadAll(Hex("00000005 02 04 677270 01 000E 00 00"), version));
    }

    [Theory]
    [InlineData("00000000 01 00", 8)]
    [InlineData("00000000 02 03 6731 01 0000 00 00", 9)]
    public void OffsetFetch_v8_response_without_the_group_asked_about_is_rejected(string hex, int version)
    {
        var failure = Assert.Throws<KafkaProtocolException>(() => Read(Hex(hex), version, out _));

        Assert.Contains("'grp'", failure.Message, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------------------------------------------
    // Every version through one model, written field by field from the layout at the top of this file.

    private static readonly (string Name, (int Index, long Offset, int Epoch, string? Metadata, ErrorCode Error)[] Partitions)[] Model =
    [
        ("orders", [(0, 1_000_000_000_000, 12, "host-a", ErrorCode.None), (1, -1, -1, null, ErrorCode.None)]),
        ("audit", [(4, 17, 2, "", ErrorCode.TopicAuthorizationFailed)]),
    ];

    internal static byte[] Build(int version, bool unknownTags = false)
    {
        var flexible = version >= 6;
        using var w = new KafkaWriter();
        if (version >= 3)
            w.WriteInt32(9);
        if (version < 8)
        {
            WriteTopics(w, version, flexible, unknownTags);
            if (version >= 2)
                w.WriteInt16(0);
        }
        else
        {
            w.WriteArrayLength(2, flexible);
            w.WriteString("other-group", flexible);
            w.WriteArrayLength(0, flexible);
            w.WriteInt16((short)ErrorCode.GroupIdNotFound);
            Tags(w, flexible, unknownTags);
            w.WriteString("grp", flexible);
            WriteTopics(w, version, flexible, unknownTags);
            w.WriteInt16(0);
            Tags(w, flexible, unknownTags);
        }

        Tags(w, flexible, unknownTags);
        return w.WrittenSpan.ToArray();
    }

    private static void WriteTopics(KafkaWriter w, int version, bool flexible, bool unknownTags)
    {
        w.WriteArrayLength(Model.Length, flexible);
        foreach (var (name, partitions) in Model)
        {
            w.WriteString(name, flexible);
            w.WriteArrayLength(partitions.Length, flexible);
            foreach (var (index, offset, epoch, metadata, error) in partitions)
            {
                w.WriteInt32(index);
                w.WriteInt64(offset);
                if (version >= 5)
                    w.WriteInt32(epoch);
                w.WriteNullableString(metadata, flexible);
                w.WriteInt16((short)error);
                Tags(w, flexible, unknownTags);
            }

            Tags(w, flexible, unknownTags);
        }
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
        w.WriteUnsignedVarInt(3);
        w.WriteUnsignedVarInt(4);
        w.WriteRaw([0xDE, 0xAD, 0xBE, 0xEF]);
    }

    private static string Expected(int version)
    {
        var e = (int epoch) => version >= 5 ? epoch : -1;
        return $"throttle={(version >= 3 ? 9 : 0)} error=None " +
               $"orders[0@1000000000000/e{e(12)}/'host-a'/None, 1@-1/e-1/'<null>'/None] " +
               $"audit[4@17/e{e(2)}/''/TopicAuthorizationFailed]";
    }

    public static TheoryData<int> AllVersions() => new(Enumerable.Range(0, 10));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void OffsetFetch_response_decodes_every_version_from_the_model(int version)
    {
        Assert.Equal(Expected(version), ReadAll(Build(version), version));
        if (version >= 6)
            Assert.Equal(Expected(version), ReadAll(Build(version, unknownTags: true), version));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void OffsetFetch_response_with_trailing_bytes_decodes_the_same_and_leaves_them(int version)
    {
        byte[] padded = [.. Build(version), 0x00];

        Assert.Equal(Expected(version), Describe(Read(padded, version, out var remaining)));
        Assert.Equal(1, remaining);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void OffsetFetch_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(int version)
    {
        var full = Build(version, unknownTags: version >= 6);
        ReadAll(full, version);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    public static TheoryData<string, int> Corrupt() => new()
    {
        { "7FFFFFFF 0001 74", 0 },                                      // topic count
        { "00000001 0001 74 7FFFFFFF 00000000", 1 },                    // partition count
        { "00000001 0001 74 00000001 00000000 0000000000000000 7FFF", 1 }, // metadata length
        { "00000000 FFFFFFFF 0000", 3 },                                // null topic array
        { "00000000 FFFFFFFF07 00", 6 },                                // compact topic count 2^31-2
        { "00000000 FFFFFFFF07 00", 8 },                                // compact group count
        { "00000000 02 04 677270 FFFFFFFF07", 8 },                      // topic count inside a group
        { "00000000 02 04 677270 00 0000 00 00", 8 },                   // null topics inside a group
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void OffsetFetch_response_with_a_corrupt_count_is_rejected_without_allocating(string hex, int version)
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
    public void OffsetFetch_damaged_responses_decode_or_raise_a_protocol_exception(int version)
    {
        DamagedResponses.AssertDecodeOrReject(
            Build(version, unknownTags: version >= 6), bytes => Read(bytes, version, out _), 9_000 + version, 2_000, $"OffsetFetch v{version}");
    }
}
