using System.Runtime.InteropServices;
using System.Text;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (FetchResponse.json):
//   ThrottleTimeMs int32 (v1+), ErrorCode int16 (v7+), SessionId int32 (v7+)
//   Responses [Topic string (v0-v12) | TopicId uuid (v13+),
//              Partitions [PartitionIndex int32, ErrorCode int16, HighWatermark int64, LastStableOffset int64 (v4+),
//                          LogStartOffset int64 (v5+), AbortedTransactions nullable [ProducerId int64, FirstOffset int64] (v4+),
//                          PreferredReadReplica int32 (v11+), Records nullable bytes,
//                          tags (v12+): 0 DivergingEpoch {Epoch int32, EndOffset int64}, 1 CurrentLeader {LeaderId int32,
//                          LeaderEpoch int32}, 2 SnapshotId {EndOffset int64, Epoch int32}]]
//   tags (v16+): 0 NodeEndpoints [NodeId int32, Host string, Port int32, Rack nullable string]
//   v12+ flexible: compact arrays, strings and bytes, tags at the end of every struct.
public sealed class FetchResponseTests
{
    private const string OrdersUuid = "0F1E2D3C4B5A69788796A5B4C3D2E1F0";

    // The request that named the topics: orders (with its id) and audit (with its id).
    internal static readonly FetchRequest Request = new(
    [
        new FetchPartition("orders", FetchRequestTests.OrdersId, 0, 0, -1, 1_048_576),
        new FetchPartition("audit", FetchRequestTests.AuditId, 0, 0, -1, 1_048_576),
    ]);

    private static FetchResponse Read(byte[] bytes, int version, out int remaining, FetchRequest? request = null)
    {
        var reader = new KafkaReader(bytes);
        var response = (request ?? Request).ReadResponse(ref reader, (short)version);
        remaining = reader.Remaining;
        return response;
    }

    private static FetchResponse ReadAll(byte[] bytes, int version, FetchRequest? request = null)
    {
        var response = Read(bytes, version, out var remaining, request);
        Assert.Equal(0, remaining);
        return response;
    }

    internal static string Describe(FetchResponse r)
    {
        var text = new StringBuilder($"throttle={r.ThrottleTimeMs} error={r.Error} session={r.SessionId}\n");
        foreach (var t in r.Topics)
        {
            text.Append($"topic {t.Topic ?? "<null>"} id={t.TopicId}\n");
            foreach (var p in t.Partitions)
            {
                var aborted = string.Join(",", p.AbortedTransactions.Select(a => $"{a.ProducerId}@{a.FirstOffset}"));
                var records = p.Records is { } bytes ? Convert.ToHexString(bytes.Span) : "<null>";
                var leader = p.CurrentLeader is { } l ? $"{l.LeaderId}/{l.LeaderEpoch}" : "<none>";
                text.Append($"  partition {p.Partition} error={p.Error} hw={p.HighWatermark} lso={p.LastStableOffset} start={p.LogStartOffset} " +
                            $"aborted=[{aborted}] replica={p.PreferredReadReplica} records={records} leader={leader}\n");
            }
        }

        foreach (var n in r.NodeEndpoints)
            text.Append($"node {n.NodeId} {n.Host}:{n.Port} rack={n.Rack ?? "<null>"}\n");
        return text.ToString();
    }

    // ---------------------------------------------------------------------------------------------------
    // Literal bytes, derived by hand from the layout above.

    private const string V0Topics =
        "00000001 0006 6F7264657273 00000002 " +
        "00000000 0000 0000000000000064 00000004 DEADBEEF " +     // p0: hw 100, 4 bytes of records
        "00000001 0001 FFFFFFFFFFFFFFFF FFFFFFFF";                 // p1: OffsetOutOfRange, null records

    private static string V0Expected(int throttle) =>
        $"throttle={throttle} error=None session=0\n" +
        $"topic orders id={FetchRequestTests.OrdersId}\n" +
        "  partition 0 error=None hw=100 lso=-1 start=-1 aborted=[] replica=-1 records=DEADBEEF leader=<none>\n" +
        "  partition 1 error=OffsetOutOfRange hw=-1 lso=-1 start=-1 aborted=[] replica=-1 records=<null> leader=<none>\n";

    [Fact]
    public void Fetch_v0_response_carries_high_watermark_and_records_per_partition()
    {
        Assert.Equal(V0Expected(0), Describe(ReadAll(Hex(V0Topics), 0)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fetch_v1_to_v3_responses_start_with_the_throttle_time(int version)
    {
        Assert.Equal(V0Expected(250), Describe(ReadAll(Hex("000000FA " + V0Topics), version)));
    }

    [Fact]
    public void Fetch_v4_response_adds_last_stable_offset_and_aborted_transactions_which_may_be_null()
    {
        var bytes = Hex(
            "00000000 00000001 0006 6F7264657273 00000002 " +
            "00000000 0000 0000000000000064 0000000000000060 " +                       // hw 100, lso 96
            "00000002 0000000000000BB8 0000000000000050 0000000000000BB9 0000000000000058 " + // (3000, 80), (3001, 88)
            "00000004 DEADBEEF " +
            "00000001 0000 0000000000000010 0000000000000010 FFFFFFFF 00000000");     // null aborted list, empty records

        Assert.Equal(
            "throttle=0 error=None session=0\n" +
            $"topic orders id={FetchRequestTests.OrdersId}\n" +
            "  partition 0 error=None hw=100 lso=96 start=-1 aborted=[3000@80,3001@88] replica=-1 records=DEADBEEF leader=<none>\n" +
            "  partition 1 error=None hw=16 lso=16 start=-1 aborted=[] replica=-1 records= leader=<none>\n",
            Describe(ReadAll(bytes, 4)));
    }

    [Fact]
    public void Fetch_v5_response_adds_the_log_start_offset_before_the_aborted_transactions()
    {
        var bytes = Hex(
            "00000000 00000001 0005 6175646974 00000001 " +
            "00000003 0000 0000000000000064 0000000000000060 0000000000000014 00000000 FFFFFFFF");

        Assert.Equal(
            "throttle=0 error=None session=0\n" +
            $"topic audit id={FetchRequestTests.AuditId}\n" +
            "  partition 3 error=None hw=100 lso=96 start=20 aborted=[] replica=-1 records=<null> leader=<none>\n",
            Describe(ReadAll(bytes, 5)));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(10)]
    public void Fetch_v7_to_v10_responses_carry_the_top_level_error_and_session_id(int version)
    {
        var bytes = Hex(
            "00000000 0047 00000123 " +                                            // InvalidFetchSessionEpoch, session 0x123
            "00000001 0006 6F7264657273 00000001 " +
            "00000000 0000 0000000000000064 0000000000000064 0000000000000000 FFFFFFFF 00000002 CAFE");

        var response = ReadAll(bytes, version);

        Assert.Equal(
            "throttle=0 error=InvalidFetchSessionEpoch session=291\n" +
            $"topic orders id={FetchRequestTests.OrdersId}\n" +
            "  partition 0 error=None hw=100 lso=100 start=0 aborted=[] replica=-1 records=CAFE leader=<none>\n",
            Describe(response));
    }

    [Fact]
    public void Fetch_v11_response_adds_the_preferred_read_replica_before_the_records()
    {
        var bytes = Hex(
            "00000000 0000 00000000 00000001 0006 6F7264657273 00000001 " +
            "00000000 0000 0000000000000064 0000000000000064 0000000000000000 FFFFFFFF 00000003 FFFFFFFF");

        var partition = Assert.Single(Assert.Single(ReadAll(bytes, 11).Topics).Partitions);

        Assert.Equal(3, partition.PreferredReadReplica);
        Assert.Null(partition.Records);
    }

    // p0: NotLeaderOrFollower with DivergingEpoch (tag 0, skipped) and CurrentLeader (tag 1: leader 2, epoch 11);
    // p1: one aborted transaction, preferred replica 3, 4 bytes of records.
    private const string V12Partitions =
        "03 " +
        "00000000 0006 0000000000000064 0000000000000060 0000000000000000 00 FFFFFFFF 00 " +
        "02 00 0D 00000005 000000000000002A 00 01 09 00000002 0000000B 00 " +
        "00000001 0000 0000000000000064 0000000000000060 0000000000000000 02 0000000000000BB8 0000000000000050 00 " +
        "00000003 05 DEADBEEF 00 " +
        "00 ";

    private const string V12PartitionsExpected =
        "  partition 0 error=NotLeaderOrFollower hw=100 lso=96 start=0 aborted=[] replica=-1 records=<null> leader=2/11\n" +
        "  partition 1 error=None hw=100 lso=96 start=0 aborted=[3000@80] replica=3 records=DEADBEEF leader=<none>\n";

    [Fact]
    public void Fetch_v12_response_is_compact_and_parses_the_current_leader_tag()
    {
        var bytes = Hex("00000000 0000 00000123 02 07 6F7264657273 " + V12Partitions + "00");

        Assert.Equal(
            "throttle=0 error=None session=291\n" +
            $"topic orders id={FetchRequestTests.OrdersId}\n" +
            V12PartitionsExpected,
            Describe(ReadAll(bytes, 12)));
    }

    [Fact]
    public void Fetch_v12_response_skips_unknown_tags_including_snapshot_id_and_a_top_level_tag_0()
    {
        var bytes = Hex(
            "00000000 0000 00000000 02 07 6F7264657273 02 " +
            "00000000 0000 0000000000000001 0000000000000001 0000000000000000 00 FFFFFFFF 01 " +
            "02 02 0D 0000000000000009 00000004 00 2A 03 ABCDEF " +                 // SnapshotId (tag 2), tag 42
            "01 07 01 FF " +                                                         // topic: tag 7
            "01 00 02 01 00");                                                       // top: tag 0 before v16 is unknown

        var response = ReadAll(bytes, 12);

        var partition = Assert.Single(Assert.Single(response.Topics).Partitions);
        Assert.Equal(1, partition.HighWatermark);
        Assert.Null(partition.CurrentLeader);
        Assert.Equal([], partition.Records!.Value.ToArray());
        Assert.Empty(response.NodeEndpoints);
    }

    [Fact]
    public void Fetch_v12_current_leader_with_trailing_struct_tags_reads_the_two_ints()
    {
        var bytes = Hex(
            "00000000 0000 00000000 02 07 6F7264657273 02 " +
            "00000000 0006 0000000000000001 0000000000000001 0000000000000000 00 FFFFFFFF 00 " +
            "01 01 0D 00000004 00000009 01 03 02 ABCD " +                             // CurrentLeader with a nested tag
            "00 00");

        var partition = Assert.Single(Assert.Single(ReadAll(bytes, 12).Topics).Partitions);

        Assert.Equal(new FetchCurrentLeader(4, 9), partition.CurrentLeader);
    }

    [Fact]
    public void Fetch_v12_current_leader_tag_shorter_than_its_two_ints_is_malformed()
    {
        var bytes = Hex(
            "00000000 0000 00000000 02 07 6F7264657273 02 " +
            "00000000 0006 0000000000000001 0000000000000001 0000000000000000 00 FFFFFFFF 00 " +
            "01 01 04 00000004 " +
            "00 00");

        Assert.Throws<KafkaProtocolException>(() => Read(bytes, 12, out _));
    }

    [Theory]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    public void Fetch_v13_to_v15_responses_give_the_topic_id_which_the_request_maps_back_to_its_name(int version)
    {
        var bytes = Hex(
            "00000000 0000 00000123 03 " +
            OrdersUuid + " " + V12Partitions +
            "99999999999999999999999999999999 01 00 " +             // an id the request never gave, no partitions
            "00");

        Assert.Equal(
            "throttle=0 error=None session=291\n" +
            $"topic orders id={FetchRequestTests.OrdersId}\n" +
            V12PartitionsExpected +
            "topic <null> id=99999999-9999-9999-9999-999999999999\n",
            Describe(ReadAll(bytes, version)));
    }

    [Fact]
    public void Fetch_v12_response_names_a_topic_the_request_had_no_id_for_with_an_empty_id()
    {
        var bytes = Hex("00000000 0000 00000000 02 06 6F74686572 01 00 00");     // "other", no partitions

        var topic = Assert.Single(ReadAll(bytes, 12).Topics);

        Assert.Equal("other", topic.Topic);
        Assert.Equal(Guid.Empty, topic.TopicId);
    }

    [Fact]
    public void Fetch_v16_response_parses_the_node_endpoints_tag()
    {
        var bytes = Hex(
            "00000000 0000 00000000 02 " +
            OrdersUuid + " " + V12Partitions +
            "02 " +
            "00 21 03 00000002 03 6B32 00002385 00 00 00000003 07 6B61666B6133 00002386 03 7231 00 " +   // tag 0: 2 nodes
            "05 01 00");                                                                                 // tag 5: unknown

        Assert.Equal(
            "throttle=0 error=None session=0\n" +
            $"topic orders id={FetchRequestTests.OrdersId}\n" +
            V12PartitionsExpected +
            "node 2 k2:9093 rack=<null>\n" +
            "node 3 kafka3:9094 rack=r1\n",
            Describe(ReadAll(bytes, 16)));
    }

    [Fact]
    public void Fetch_v16_node_endpoints_tag_with_a_corrupt_count_is_malformed()
    {
        var bytes = Hex("00000000 0000 00000000 01 01 00 05 FFFFFFFF07 00");

        Assert.Throws<KafkaProtocolException>(() => Read(bytes, 16, out _));
    }

    [Fact]
    public void Fetch_records_own_their_bytes_after_the_frame_buffer_is_reused()
    {
        var frame = Hex("000000FA " + V0Topics);

        var response = ReadAll(frame, 1);
        Array.Clear(frame);

        var records = response.Topics[0].Partitions[0].Records!.Value;
        Assert.Equal("DEADBEEF", Convert.ToHexString(records.Span));
        Assert.True(MemoryMarshal.TryGetArray(records, out var segment));
        Assert.NotSame(frame, segment.Array);
        Assert.Equal(4, segment.Count);
    }

    [Fact]
    public void Fetch_response_ignores_trailing_bytes()
    {
        var response = Read(Hex("000000FA " + V0Topics + " 00 01 02"), 1, out var remaining);

        Assert.Equal(V0Expected(250), Describe(response));
        Assert.Equal(3, remaining);
    }

    // ---------------------------------------------------------------------------------------------------
    // Every version through one model.

    internal static byte[] Build(int version, bool unknownTags = false)
    {
        var flexible = version >= 12;
        using var w = new KafkaWriter();
        if (version >= 1)
            w.WriteInt32(10);
        if (version >= 7)
        {
            w.WriteInt16(0);
            w.WriteInt32(77);
        }

        w.WriteArrayLength(2, flexible);
        foreach (var (name, id) in new[] { ("orders", FetchRequestTests.OrdersId), ("audit", FetchRequestTests.AuditId) })
        {
            if (version >= 13)
                w.WriteUuid(id);
            else
                w.WriteString(name, flexible);
            w.WriteArrayLength(2, flexible);
            for (var p = 0; p < 2; p++)
            {
                w.WriteInt32(p);
                w.WriteInt16((short)(p == 0 ? ErrorCode.None : ErrorCode.NotLeaderOrFollower));
                w.WriteInt64(500);
                if (version >= 4)
                    w.WriteInt64(490);
                if (version >= 5)
                    w.WriteInt64(3);
                if (version >= 4)
                {
                    w.WriteArrayLength(p == 0 ? 1 : -1, flexible);
                    if (p == 0)
                    {
                        w.WriteInt64(1234);
                        w.WriteInt64(480);
                        if (flexible)
                            w.WriteEmptyTaggedFields();
                    }
                }

                if (version >= 11)
                    w.WriteInt32(-1);
                w.WriteNullableBytes(p == 0 ? [0x01, 0x02, 0x03] : default, isNull: p != 0, flexible);
                if (flexible)
                {
                    w.WriteUnsignedVarInt(unknownTags ? 2u : (p == 0 ? 0u : 1u));
                    if (p == 1)
                    {
                        w.WriteUnsignedVarInt(1);
                        w.WriteUnsignedVarInt(9);
                        w.WriteInt32(5);
                        w.WriteInt32(8);
                        w.WriteEmptyTaggedFields();
                    }

                    if (unknownTags)
                    {
                        w.WriteUnsignedVarInt(40);
                        w.WriteUnsignedVarInt(1);
                        w.WriteRaw([0x7F]);
                    }

                    if (unknownTags && p == 0)
                    {
                        w.WriteUnsignedVarInt(41);
                        w.WriteUnsignedVarInt(0);
                    }
                }
            }

            if (flexible)
                Tags(w, unknownTags);
        }

        if (flexible)
        {
            var endpoints = version >= 16;
            w.WriteUnsignedVarInt((endpoints ? 1u : 0u) + (unknownTags ? 1u : 0u));
            if (endpoints)
            {
                using var node = new KafkaWriter();
                node.WriteArrayLength(1, flexible: true);
                node.WriteInt32(5);
                node.WriteString("broker-5", flexible: true);
                node.WriteInt32(9092);
                node.WriteNullableString("rack-a", flexible: true);
                node.WriteEmptyTaggedFields();
                w.WriteUnsignedVarInt(0);
                w.WriteUnsignedVarInt((uint)node.Position);
                w.WriteRaw(node.WrittenSpan);
            }

            if (unknownTags)
            {
                w.WriteUnsignedVarInt(99);
                w.WriteUnsignedVarInt(2);
                w.WriteRaw([0x00, 0x00]);
            }
        }

        return w.WrittenSpan.ToArray();
    }

    private static void Tags(KafkaWriter w, bool unknownTags)
    {
        if (!unknownTags)
        {
            w.WriteEmptyTaggedFields();
            return;
        }

        w.WriteUnsignedVarInt(1);
        w.WriteUnsignedVarInt(3);
        w.WriteUnsignedVarInt(1);
        w.WriteRaw([0xAA]);
    }

    private static string Expected(int version)
    {
        var text = new StringBuilder($"throttle={(version >= 1 ? 10 : 0)} error=None session={(version >= 7 ? 77 : 0)}\n");
        foreach (var (name, id) in new[] { ("orders", FetchRequestTests.OrdersId), ("audit", FetchRequestTests.AuditId) })
        {
            text.Append($"topic {name} id={id}\n");
            var lso = version >= 4 ? 490 : -1;
            var start = version >= 5 ? 3 : -1;
            text.Append($"  partition 0 error=None hw=500 lso={lso} start={start} aborted=[{(version >= 4 ? "1234@480" : "")}] replica=-1 records=010203 leader=<none>\n");
            text.Append($"  partition 1 error=NotLeaderOrFollower hw=500 lso={lso} start={start} aborted=[] replica=-1 records=<null> leader={(version >= 12 ? "5/8" : "<none>")}\n");
        }

        if (version >= 16)
            text.Append("node 5 broker-5:9092 rack=rack-a\n");
        return text.ToString();
    }

    public static TheoryData<int> AllVersions() => new(Enumerable.Range(0, 17));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void Fetch_response_decodes_every_version_from_the_model(int version)
    {
        Assert.Equal(Expected(version), Describe(ReadAll(Build(version), version)));
        if (version >= 12)
            Assert.Equal(Expected(version), Describe(ReadAll(Build(version, unknownTags: true), version)));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void Fetch_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(int version)
    {
        var full = Build(version, unknownTags: version >= 12);
        ReadAll(full, version);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    public static TheoryData<string, int> HugeCounts() => new()
    {
        { "7FFFFFFF 0006 6F7264657273", 0 },                                                       // topic count
        { "00000001 0006 6F7264657273 7FFFFFFF 00000000", 0 },                                     // partition count
        { "00000001 0006 6F7264657273 00000001 00000000 0000 0000000000000000 7FFFFFFF 00", 0 },   // records length
        { "00000001 0006 6F7264657273 00000001 00000000 0000 0000000000000000 80000000", 0 },      // negative records length
        { "00000000 00000001 0006 6F7264657273 00000001 00000000 0000 0000000000000000 0000000000000000 7FFFFFFF 00", 4 }, // aborted count
        { "00000000 00000001 0006 6F7264657273 00000001 00000000 0000 0000000000000000 0000000000000000 80000000", 4 },    // negative aborted count
        { "00000000 FFFFFFFF", 1 },                                                                 // null topics
        { "00000000 0000 00000000 FFFFFFFF07 00", 12 },                                             // compact topic count
        { "00000000 0000 00000000 02 02 74 FFFFFFFF07 00", 12 },                                    // compact partition count
        { "00000000 0000 00000000 02 02 74 02 00000000 0000 0000000000000000 0000000000000000 0000000000000000 FFFFFFFF07", 12 }, // compact aborted count
        { "00000000 0000 00000000 02 02 74 02 00000000 0000 0000000000000000 0000000000000000 0000000000000000 00 FFFFFFFF FFFFFFFF07", 12 }, // compact records length
        { "00000000 0000 00000000 02 02 74 02 00000000 0000 0000000000000000 0000000000000000 0000000000000000 00 FFFFFFFF 00 FFFFFFFF07", 12 }, // partition tag count
        { "00000000 0000 00000000 02 02 74 02 00000000 0000 0000000000000000 0000000000000000 0000000000000000 00 FFFFFFFF 00 01 01 FFFFFFFF07", 12 }, // tag size
        { "00000000 0000 00000000 01 FFFFFFFF07", 16 },                                             // top-level tag count
        { "00000000 0000 00000000 01 01 00 FFFFFFFF0F", 16 },                                       // tag size beyond int range
    };

    [Theory]
    [MemberData(nameof(HugeCounts))]
    public void Fetch_response_with_a_corrupt_count_is_rejected_without_allocating(string hex, int version)
    {
        var bytes = Hex(hex);
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, version, out _));

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, version, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 256 * 1024, $"decoding a corrupt count allocated {allocated} bytes");
    }
}
