using System.Text;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (ListOffsetsResponse.json):
//   ThrottleTimeMs int32 (v2+)
//   Topics [Name string, Partitions [PartitionIndex int32, ErrorCode int16, OldStyleOffsets [int64] (v0 only),
//                                    Timestamp int64 (v1+), Offset int64 (v1+), LeaderEpoch int32 (v4+)]]
//   v6+ flexible: compact arrays and strings, tags at the end of every struct.
public sealed class ListOffsetsResponseTests
{
    private static readonly ListOffsetsRequest Request = new([new ListOffsetsTopic("orders", [new ListOffsetsPartition(0, ListOffsetsTimestamp.Latest)])]);

    private static ListOffsetsResponse Read(byte[] bytes, int version, out int remaining)
    {
        var reader = new KafkaReader(bytes);
        var response = Request.ReadResponse(ref reader, (short)version);
        remaining = reader.Remaining;
        return response;
    }

    private static ListOffsetsResponse ReadAll(byte[] bytes, int version)
    {
        var response = Read(bytes, version, out var remaining);
        Assert.Equal(0, remaining);
        return response;
    }

    private static string Describe(ListOffsetsResponse r)
    {
        var text = new StringBuilder($"throttle={r.ThrottleTimeMs}\n");
        foreach (var t in r.Topics)
        {
            text.Append($"topic {t.Name}\n");
            foreach (var p in t.Partitions)
                text.Append($"  partition {p.Partition} error={p.Error} timestamp={p.Timestamp} offset={p.Offset} epoch={p.LeaderEpoch}\n");
        }

        return text.ToString();
    }

    // ---------------------------------------------------------------------------------------------------
    // Literal bytes, derived by hand from the layout above.

    [Fact]
    public void ListOffsets_v0_response_gives_the_first_old_style_offset_or_minus_one_when_there_is_none()
    {
        var bytes = Hex(
            "00000001 0006 6F7264657273 00000004 " +
            "00000000 0000 00000001 000000000000002A " +                      // p0: [42]
            "00000001 0000 00000000 " +                                       // p1: [] -> none
            "00000002 0000 00000002 0000000000000064 0000000000000000 " +     // p2: [100, 0], newest first
            "00000003 0003 00000000");                                        // p3: UnknownTopicOrPartition, []

        Assert.Equal(
            "throttle=0\n" +
            "topic orders\n" +
            "  partition 0 error=None timestamp=-1 offset=42 epoch=-1\n" +
            "  partition 1 error=None timestamp=-1 offset=-1 epoch=-1\n" +
            "  partition 2 error=None timestamp=-1 offset=100 epoch=-1\n" +
            "  partition 3 error=UnknownTopicOrPartition timestamp=-1 offset=-1 epoch=-1\n",
            Describe(ReadAll(bytes, 0)));
    }

    [Fact]
    public void ListOffsets_v1_response_carries_a_timestamp_and_one_offset()
    {
        var bytes = Hex(
            "00000001 0006 6F7264657273 00000002 " +
            "00000000 0000 0000018BCFE5687B 000000000000002A " +             // found by time: the record's timestamp
            "00000003 0006 FFFFFFFFFFFFFFFF FFFFFFFFFFFFFFFF");              // NotLeaderOrFollower

        Assert.Equal(
            "throttle=0\n" +
            "topic orders\n" +
            "  partition 0 error=None timestamp=1700000000123 offset=42 epoch=-1\n" +
            "  partition 3 error=NotLeaderOrFollower timestamp=-1 offset=-1 epoch=-1\n",
            Describe(ReadAll(bytes, 1)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ListOffsets_v2_and_v3_responses_start_with_the_throttle_time(int version)
    {
        var bytes = Hex("000000FA 00000001 0006 6F7264657273 00000001 00000000 0000 FFFFFFFFFFFFFFFF 0000000000000007");

        Assert.Equal(
            "throttle=250\ntopic orders\n  partition 0 error=None timestamp=-1 offset=7 epoch=-1\n",
            Describe(ReadAll(bytes, version)));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void ListOffsets_v4_and_v5_responses_end_each_partition_with_the_leader_epoch(int version)
    {
        var bytes = Hex(
            "00000000 00000001 0006 6F7264657273 00000002 " +
            "00000000 0000 FFFFFFFFFFFFFFFF 000000000000002A 00000007 " +
            "00000003 004E FFFFFFFFFFFFFFFF FFFFFFFFFFFFFFFF FFFFFFFF");    // OffsetNotAvailable (v5)

        Assert.Equal(
            "throttle=0\n" +
            "topic orders\n" +
            "  partition 0 error=None timestamp=-1 offset=42 epoch=7\n" +
            "  partition 3 error=OffsetNotAvailable timestamp=-1 offset=-1 epoch=-1\n",
            Describe(ReadAll(bytes, version)));
    }

    private const string V6Body =
        "000000FA 02 07 6F7264657273 03 " +
        "00000000 0000 FFFFFFFFFFFFFFFF 000000000000002A 00000007 00 " +
        "00000003 0006 FFFFFFFFFFFFFFFF FFFFFFFFFFFFFFFF FFFFFFFF 00 " +
        "00 00";

    private const string V6Expected =
        "throttle=250\n" +
        "topic orders\n" +
        "  partition 0 error=None timestamp=-1 offset=42 epoch=7\n" +
        "  partition 3 error=NotLeaderOrFollower timestamp=-1 offset=-1 epoch=-1\n";

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(10)]
    public void ListOffsets_v6_to_v10_responses_are_compact(int version)
    {
        Assert.Equal(V6Expected, Describe(ReadAll(Hex(V6Body), version)));
    }

    [Fact]
    public void ListOffsets_v6_response_skips_unknown_tags_in_every_struct()
    {
        var bytes = Hex(
            "000000FA 02 07 6F7264657273 03 " +
            "00000000 0000 FFFFFFFFFFFFFFFF 000000000000002A 00000007 01 05 02 ABCD " + // tag 5, 2 bytes
            "00000003 0006 FFFFFFFFFFFFFFFF FFFFFFFFFFFFFFFF FFFFFFFF 00 " +
            "01 00 00 " +                                                                // topic: tag 0, empty
            "02 00 01 FF 21 00");                                                        // response: tags 0 and 33

        Assert.Equal(V6Expected, Describe(ReadAll(bytes, 6)));
    }

    [Fact]
    public void ListOffsets_response_ignores_trailing_bytes()
    {
        var response = Read(Hex(V6Body + "00 DEAD"), 6, out var remaining);

        Assert.Equal(V6Expected, Describe(response));
        Assert.Equal(3, remaining);
    }

    // ---------------------------------------------------------------------------------------------------
    // Every version through one model.

    internal static byte[] Build(int version, bool unknownTags = false)
    {
        var flexible = version >= 6;
        using var w = new KafkaWriter();
        if (version >= 2)
            w.WriteInt32(100);
        w.WriteArrayLength(2, flexible);
        foreach (var name in new[] { "orders", "audit" })
        {
            w.WriteString(name, flexible);
            w.WriteArrayLength(2, flexible);
            for (var p = 0; p < 2; p++)
            {
                w.WriteInt32(p);
                w.WriteInt16((short)(p == 0 ? ErrorCode.None : ErrorCode.OffsetNotAvailable));
                if (version == 0)
                {
                    w.WriteArrayLength(p == 0 ? 2 : 0, flexible: false);
                    if (p == 0)
                    {
                        w.WriteInt64(50 + name.Length);
                        w.WriteInt64(0);
                    }
                }
                else
                {
                    w.WriteInt64(p == 0 ? 1_000 : -1);
                    w.WriteInt64(p == 0 ? 50 + name.Length : -1);
                }

                if (version >= 4)
                    w.WriteInt32(p == 0 ? 3 : -1);
                Tags(w, flexible, unknownTags);
            }

            Tags(w, flexible, unknownTags);
        }

        Tags(w, flexible, unknownTags);
        return w.WrittenSpan.ToArray();
    }

    private static void Tags(KafkaWriter w, bool flexible, bool unknownTags)
    {
        if (!flexible)
            return;
        if (!unknownTags)
        {
            w.WriteEmptyTaggedFields();
            return;
        }

        w.WriteUnsignedVarInt(1);
        w.WriteUnsignedVarInt(200);
        w.WriteUnsignedVarInt(2);
        w.WriteRaw([0xBE, 0xEF]);
    }

    private static string Expected(int version)
    {
        var text = new StringBuilder($"throttle={(version >= 2 ? 100 : 0)}\n");
        foreach (var name in new[] { "orders", "audit" })
        {
            text.Append($"topic {name}\n");
            text.Append($"  partition 0 error=None timestamp={(version >= 1 ? 1_000 : -1)} offset={50 + name.Length} epoch={(version >= 4 ? 3 : -1)}\n");
            text.Append("  partition 1 error=OffsetNotAvailable timestamp=-1 offset=-1 epoch=-1\n");
        }

        return text.ToString();
    }

    public static TheoryData<int> AllVersions() => new(Enumerable.Range(0, 11));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void ListOffsets_response_decodes_every_version_to_one_offset_per_partition(int version)
    {
        Assert.Equal(Expected(version), Describe(ReadAll(Build(version), version)));
        if (version >= 6)
            Assert.Equal(Expected(version), Describe(ReadAll(Build(version, unknownTags: true), version)));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void ListOffsets_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(int version)
    {
        var full = Build(version, unknownTags: version >= 6);
        ReadAll(full, version);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    public static TheoryData<string, int> HugeCounts() => new()
    {
        { "7FFFFFFF 0006 6F7264657273", 0 },                                   // topic count
        { "00000001 0006 6F7264657273 7FFFFFFF 00000000", 0 },                 // partition count
        { "00000001 0006 6F7264657273 00000001 00000000 0000 7FFFFFFF 00", 0 }, // old-style offsets count
        { "00000001 0006 6F7264657273 00000001 00000000 0000 80000000", 0 },    // negative offsets count
        { "00000001 0006 6F7264657273 00000001 00000000 0000 FFFFFFFF", 0 },    // null offsets
        { "00000000 FFFFFFFF", 2 },                                             // null topics
        { "00000000 FFFFFFFF07 00", 6 },                                        // compact topic count
        { "00000000 02 07 6F7264657273 FFFFFFFF07 00", 6 },                     // compact partition count
        { "00000000 02 07 6F7264657273 02 00000000 0000 FFFFFFFFFFFFFFFF 0000000000000000 00000000 FFFFFFFF07", 6 }, // tag count
        { "00000000 02 07 6F7264657273 02 00000000 0000 FFFFFFFFFFFFFFFF 0000000000000000 00000000 01 00 FFFFFFFF07", 6 }, // tag size
    };

    [Theory]
    [MemberData(nameof(HugeCounts))]
    public void ListOffsets_response_with_a_corrupt_count_is_rejected_without_allocating(string hex, int version)
    {
        var bytes = Hex(hex);
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, version, out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, version, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 256 * 1024, $"decoding a corrupt count allocated {allocated} bytes");
    }
}
