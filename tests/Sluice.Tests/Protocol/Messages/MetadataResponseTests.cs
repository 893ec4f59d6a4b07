using System.Text;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (MetadataResponse.json, franz-go 03_metadata):
//   ThrottleTimeMs int32 (v3+)
//   Brokers [NodeId int32, Host string, Port int32, Rack nullable string (v1+)]
//   ClusterId nullable string (v2+), ControllerId int32 (v1+, default -1)
//   Topics [ErrorCode int16, Name string (nullable v12+), TopicId uuid (v10+), IsInternal bool (v1+),
//           Partitions [ErrorCode int16, PartitionIndex int32, LeaderId int32, LeaderEpoch int32 (v7+),
//                       ReplicaNodes [int32], IsrNodes [int32], OfflineReplicas [int32] (v5+)],
//           TopicAuthorizedOperations int32 (v8+)]
//   ClusterAuthorizedOperations int32 (v8-v10), ErrorCode int16 (v13+)
//   v9+ flexible: compact arrays and strings, tags at the end of every struct.
public sealed class MetadataResponseTests
{
    private static readonly MetadataRequest Request = new(null);

    private static readonly Guid OrdersId = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    private static readonly Guid OffsetsId = Guid.Parse("11111111-2222-3333-4444-555555555555");

    private static MetadataResponse Read(byte[] bytes, int version, out int remaining)
    {
        var reader = new KafkaReader(bytes);
        var response = Request.ReadResponse(ref reader, (short)version);
        remaining = reader.Remaining;
        return response;
    }

    private static MetadataResponse ReadAll(byte[] bytes, int version)
    {
        var response = Read(bytes, version, out var remaining);
        Assert.Equal(0, remaining);
        return response;
    }

    private static string Ints(IReadOnlyList<int> values) => "[" + string.Join(",", values) + "]";

    // A canonical text form: records holding lists compare by reference, and a text diff reads better anyway.
    private static string Describe(MetadataResponse r)
    {
        var text = new StringBuilder();
        text.Append($"throttle={r.ThrottleTimeMs} cluster={r.ClusterId ?? "<null>"} controller={r.ControllerId} error={r.Error}\n");
        foreach (var b in r.Brokers)
            text.Append($"broker {b.NodeId} {b.Host}:{b.Port} rack={b.Rack ?? "<null>"}\n");
        foreach (var t in r.Topics)
        {
            text.Append($"topic {t.Name ?? "<null>"} error={t.Error} id={t.TopicId} internal={t.IsInternal}\n");
            foreach (var p in t.Partitions)
                text.Append($"  partition {p.Partition} error={p.Error} leader={p.Leader} epoch={p.LeaderEpoch} " +
                            $"replicas={Ints(p.Replicas)} isr={Ints(p.Isr)} offline={Ints(p.OfflineReplicas)}\n");
        }

        return text.ToString();
    }

    // ---------------------------------------------------------------------------------------------------
    // Literal bytes, derived by hand from the layout above.

    [Fact]
    public void Metadata_v0_response_decodes_brokers_topics_and_partitions()
    {
        var bytes = Hex(
            "00000001 " +                                   // 1 broker
            "00000001 0002 6B31 00002384 " +                // node 1, "k1", 9092
            "00000001 " +                                   // 1 topic
            "0000 0006 6F7264657273 " +                     // no error, "orders"
            "00000002 " +                                   // 2 partitions
            "0000 00000001 00000001 00000001 00000001 00000001 00000001 " + // p1 leader 1, replicas [1], isr [1]
            "0005 00000000 FFFFFFFF 00000001 00000001 00000000");           // p0 LeaderNotAvailable, leader -1, isr []

        var response = ReadAll(bytes, 0);

        Assert.Equal(
            "throttle=0 cluster=<null> controller=-1 error=None\n" +
            "broker 1 k1:9092 rack=<null>\n" +
            $"topic orders error=None id={Guid.Empty} internal=False\n" +
            "  partition 1 error=None leader=1 epoch=-1 replicas=[1] isr=[1] offline=[]\n" +
            "  partition 0 error=LeaderNotAvailable leader=-1 epoch=-1 replicas=[1] isr=[] offline=[]\n",
            Describe(response));
    }

    [Fact]
    public void Metadata_v1_response_adds_rack_controller_and_is_internal()
    {
        var bytes = Hex(
            "00000002 " +
            "00000001 0002 6B31 00002384 0002 7231 " +      // node 1 "k1" 9092 rack "r1"
            "00000002 0002 6B32 00002385 FFFF " +           // node 2 "k2" 9093 rack null
            "00000002 " +                                   // controller 2
            "00000001 " +
            "0000 0012 5F5F636F6E73756D65725F6F666673657473 01 " + // "__consumer_offsets", internal
            "00000001 " +
            "0000 00000000 00000002 00000001 00000002 00000001 00000002");  // p0 leader 2, replicas [2], isr [2]

        var response = ReadAll(bytes, 1);

        Assert.Equal(
            "throttle=0 cluster=<null> controller=2 error=None\n" +
            "broker 1 k1:9092 rack=r1\n" +
            "broker 2 k2:9093 rack=<null>\n" +
            $"topic __consumer_offsets error=None id={Guid.Empty} internal=True\n" +
            "  partition 0 error=None leader=2 epoch=-1 replicas=[2] isr=[2] offline=[]\n",
            Describe(response));
    }

    [Fact]
    public void Metadata_v2_response_adds_the_cluster_id_between_brokers_and_controller()
    {
        var withId = ReadAll(Hex("00000000 0003 636964 00000001 00000000"), 2);
        var withoutId = ReadAll(Hex("00000000 FFFF 00000001 00000000"), 2);

        Assert.Equal("cid", withId.ClusterId);
        Assert.Equal(1, withId.ControllerId);
        Assert.Null(withoutId.ClusterId);
        Assert.Equal(1, withoutId.ControllerId);
        Assert.Empty(withId.Brokers);
        Assert.Empty(withId.Topics);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Metadata_v3_and_v4_responses_start_with_the_throttle_time(int version)
    {
        var response = ReadAll(Hex("000003E8 00000000 FFFF FFFFFFFF 00000000"), version);

        Assert.Equal(1000, response.ThrottleTimeMs);
        Assert.Equal(-1, response.ControllerId);
    }

    [Fact]
    public void Metadata_v5_response_adds_offline_replicas_per_partition()
    {
        var bytes = Hex(
            "00000000 00000000 FFFF 00000001 00000001 " +
            "0000 0001 74 00 00000001 " +                                 // "t", not internal, 1 partition
            "0009 00000000 00000001 00000002 00000001 00000002 " +         // ReplicaNotAvailable, leader 1, replicas [1,2]
            "00000001 00000001 00000001 00000002");                         // isr [1], offline [2]

        var partition = Assert.Single(Assert.Single(ReadAll(bytes, 5).Topics).Partitions);

        Assert.Equal(ErrorCode.ReplicaNotAvailable, partition.Error);
        Assert.Equal([1, 2], partition.Replicas);
        Assert.Equal([1], partition.Isr);
        Assert.Equal([2], partition.OfflineReplicas);
        Assert.Equal(-1, partition.LeaderEpoch);
    }

    [Fact]
    public void Metadata_v7_response_adds_the_leader_epoch_before_the_replicas()
    {
        var bytes = Hex(
            "00000000 00000000 FFFF 00000001 00000001 " +
            "0000 0001 74 00 00000001 " +
            "0000 00000004 00000001 0000002A 00000001 00000001 00000001 00000001 00000000");

        var partition = Assert.Single(Assert.Single(ReadAll(bytes, 7).Topics).Partitions);

        Assert.Equal(4, partition.Partition);
        Assert.Equal(1, partition.Leader);
        Assert.Equal(42, partition.LeaderEpoch);
        Assert.Equal([1], partition.Replicas);
        Assert.Empty(partition.OfflineReplicas);
    }

    [Fact]
    public void Metadata_v8_response_reads_past_the_topic_and_cluster_authorized_operations()
    {
        var bytes = Hex(
            "00000000 00000000 FFFF 00000001 00000002 " +
            "0000 0001 61 00 00000000 00000DF8 " +          // "a", no partitions, topic authorized operations 0xDF8
            "0003 0001 62 00 00000000 80000000 " +          // "b" UnknownTopicOrPartition, operations INT32_MIN
            "000000F0");                                    // cluster authorized operations

        var response = ReadAll(bytes, 8);

        Assert.Equal(["a", "b"], response.Topics.Select(t => t.Name));
        Assert.Equal(ErrorCode.UnknownTopicOrPartition, response.Topics[1].Error);
    }

    [Fact]
    public void Metadata_v9_response_is_compact_and_skips_unknown_tags_everywhere()
    {
        var bytes = Hex(
            "000000FA " +                                   // throttle 250
            "02 " +                                         // 1 broker
            "00000001 03 6B31 00002384 03 7231 01 07 01 FF " + // node 1 "k1" 9092 "r1", tags: tag 7 (1 byte)
            "04 636964 " +                                  // cluster "cid"
            "00000001 " +                                   // controller 1
            "02 " +                                         // 1 topic
            "0000 07 6F7264657273 00 " +                    // "orders", not internal
            "02 " +                                         // 1 partition
            "0000 00000000 00000001 00000007 02 00000001 02 00000001 01 01 00 00 " + // epoch 7, [1], [1], [], tag 0 (empty)
            "80000000 00 " +                                // topic authorized operations, no tags
            "80000000 " +                                   // cluster authorized operations
            "02 00 02 ABCD 21 00");                         // tags: tag 0 (2 bytes), tag 33 (empty)

        var response = ReadAll(bytes, 9);

        Assert.Equal(
            "throttle=250 cluster=cid controller=1 error=None\n" +
            "broker 1 k1:9092 rack=r1\n" +
            $"topic orders error=None id={Guid.Empty} internal=False\n" +
            "  partition 0 error=None leader=1 epoch=7 replicas=[1] isr=[1] offline=[]\n",
            Describe(response));
    }

    [Fact]
    public void Metadata_v10_response_reads_the_topic_id_after_the_name()
    {
        var bytes = Hex(
            "00000000 01 00 FFFFFFFF 02 " +
            "0000 07 6F7264657273 0123456789ABCDEF0123456789ABCDEF 00 01 80000000 00 " +
            "80000000 00");

        var topic = Assert.Single(ReadAll(bytes, 10).Topics);

        Assert.Equal("orders", topic.Name);
        Assert.Equal(Guid.Parse("01234567-89ab-cdef-0123-456789abcdef"), topic.TopicId);
    }

    // v12/v13: a topic asked for by id that does not exist comes back with a null name; v13 ends with an error code.
    private const string V12Body =
        "00000000 01 00 FFFFFFFF 03 " +
        "0064 00 0123456789ABCDEF0123456789ABCDEF 00 01 80000000 00 " +                // UnknownTopicId, null name
        "0000 07 6F7264657273 FEDCBA9876543210FEDCBA9876543210 00 02 " +
        "0000 00000003 00000001 00000002 02 00000001 02 00000001 02 00000001 00 " +    // p3 leader 1 epoch 2, offline [1]
        "00000000 00 ";

    [Fact]
    public void Metadata_v12_response_allows_a_null_topic_name()
    {
        var response = ReadAll(Hex(V12Body + "00"), 12);

        Assert.Equal(
            "throttle=0 cluster=<null> controller=-1 error=None\n" +
            "topic <null> error=UnknownTopicId id=01234567-89ab-cdef-0123-456789abcdef internal=False\n" +
            "topic orders error=None id=fedcba98-7654-3210-fedc-ba9876543210 internal=False\n" +
            "  partition 3 error=None leader=1 epoch=2 replicas=[1] isr=[1] offline=[1]\n",
            Describe(response));
    }

    [Fact]
    public void Metadata_v13_response_ends_with_a_top_level_error_code()
    {
        var response = ReadAll(Hex(V12Body + "0081 00"), 13);

        Assert.Equal(ErrorCode.RebootstrapRequired, response.Error);
        Assert.Equal(2, response.Topics.Count);
        Assert.Null(response.Topics[0].Name);
    }

    [Fact]
    public void Metadata_v11_response_rejects_a_null_topic_name()
    {
        // v11 has no nullable name and no cluster authorized operations; the bytes are otherwise the v12 layout.
        Assert.Throws<KafkaProtocolException>(() => Read(Hex(V12Body + "00"), 11, out _));
    }

    // ---------------------------------------------------------------------------------------------------
    // Every version through one model, written field by field from the layout at the top of this file.

    private sealed record PartitionModel(ErrorCode Error, int Index, int Leader, int Epoch, int[] Replicas, int[] Isr, int[] Offline);

    private sealed record TopicModel(ErrorCode Error, string Name, Guid Id, bool Internal, PartitionModel[] Partitions, int Operations);

    private static readonly (int Id, string Host, int Port, string? Rack)[] Brokers = [(1, "k1", 9092, "r1"), (2, "kafka-2.example", 19093, null)];

    private static readonly TopicModel[] Topics =
    [
        new(ErrorCode.None, "orders", OrdersId, false,
        [
            new(ErrorCode.None, 1, 2, 7, [2, 1], [2, 1], []),
            new(ErrorCode.ReplicaNotAvailable, 0, 1, 5, [1, 2], [1], [2]),
        ], 0x0F00),
        new(ErrorCode.None, "__consumer_offsets", OffsetsId, true, [], int.MinValue),
        new(ErrorCode.LeaderNotAvailable, "new-topic", Guid.Empty, false,
        [
            new(ErrorCode.LeaderNotAvailable, 0, -1, -1, [3], [], [3]),
        ], 0),
    ];

    private static void Tags(KafkaWriter w, bool flexible, bool unknownTags)
    {
        if (!flexible)
            return;
        if (!unknownTags)
        {
            w.WriteEmptyTaggedFields();
            return;
        }

        w.WriteUnsignedVarInt(2);
        w.WriteUnsignedVarInt(0);
        w.WriteUnsignedVarInt(3);
        w.WriteRaw([0xDE, 0xAD, 0xBE]);
        w.WriteUnsignedVarInt(300);
        w.WriteUnsignedVarInt(0);
    }

    private static void IntArray(KafkaWriter w, int[] values, bool flexible)
    {
        w.WriteArrayLength(values.Length, flexible);
        foreach (var v in values)
            w.WriteInt32(v);
    }

    private static byte[] Build(int version, bool unknownTags = false, ErrorCode error = ErrorCode.None)
    {
        var flexible = version >= 9;
        using var w = new KafkaWriter();
        if (version >= 3)
            w.WriteInt32(250);
        w.WriteArrayLength(Brokers.Length, flexible);
        foreach (var (id, host, port, rack) in Brokers)
        {
            w.WriteInt32(id);
            w.WriteString(host, flexible);
            w.WriteInt32(port);
            if (version >= 1)
                w.WriteNullableString(rack, flexible);
            Tags(w, flexible, unknownTags);
        }

        if (version >= 2)
            w.WriteNullableString("cluster-xyz", flexible);
        if (version >= 1)
            w.WriteInt32(2);
        w.WriteArrayLength(Topics.Length, flexible);
        foreach (var t in Topics)
        {
            w.WriteInt16((short)t.Error);
            w.WriteString(t.Name, flexible);
            if (version >= 10)
                w.WriteUuid(t.Id);
            if (version >= 1)
                w.WriteBoolean(t.Internal);
            w.WriteArrayLength(t.Partitions.Length, flexible);
            foreach (var p in t.Partitions)
            {
                w.WriteInt16((short)p.Error);
                w.WriteInt32(p.Index);
                w.WriteInt32(p.Leader);
                if (version >= 7)
                    w.WriteInt32(p.Epoch);
                IntArray(w, p.Replicas, flexible);
                IntArray(w, p.Isr, flexible);
                if (version >= 5)
                    IntArray(w, p.Offline, flexible);
                Tags(w, flexible, unknownTags);
            }

            if (version >= 8)
                w.WriteInt32(t.Operations);
            Tags(w, flexible, unknownTags);
        }

        if (version is >= 8 and <= 10)
            w.WriteInt32(0x00AB_CDEF);
        if (version >= 13)
            w.WriteInt16((short)error);
        Tags(w, flexible, unknownTags);
        return w.WrittenSpan.ToArray();
    }

    private static MetadataResponse Expected(int version, ErrorCode error = ErrorCode.None) => new(
        version >= 3 ? 250 : 0,
        Brokers.Select(b => new MetadataBroker(b.Id, b.Host, b.Port, version >= 1 ? b.Rack : null)).ToList(),
        version >= 2 ? "cluster-xyz" : null,
        version >= 1 ? 2 : -1,
        Topics.Select(t => new MetadataTopic(
            t.Error,
            t.Name,
            version >= 10 ? t.Id : Guid.Empty,
            version >= 1 && t.Internal,
            t.Partitions.Select(p => new MetadataPartition(
                p.Error, p.Index, p.Leader, version >= 7 ? p.Epoch : -1, p.Replicas, p.Isr, version >= 5 ? p.Offline : [])).ToList()))
            .ToList(),
        version >= 13 ? error : ErrorCode.None);

    public static TheoryData<int> AllVersions() => new(Enumerable.Range(0, 14));

    public static TheoryData<int> FlexibleVersions() => new(Enumerable.Range(9, 5));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void Metadata_response_decodes_every_version_from_the_model(int version)
    {
        Assert.Equal(Describe(Expected(version)), Describe(ReadAll(Build(version), version)));
    }

    [Theory]
    [MemberData(nameof(FlexibleVersions))]
    public void Metadata_flexible_response_skips_unknown_tags_in_every_struct(int version)
    {
        Assert.Equal(Describe(Expected(version)), Describe(ReadAll(Build(version, unknownTags: true), version)));
    }

    [Theory]
    [MemberData(nameof(FlexibleVersions))]
    public void Metadata_v9_to_v13_response_with_the_mock_extra_trailing_zero_decodes_the_same(int version)
    {
        foreach (var unknownTags in new[] { false, true })
        {
            var exact = Build(version, unknownTags);
            byte[] padded = [.. exact, 0x00];

            var fromPadded = Read(padded, version, out var remaining);

            Assert.Equal(Describe(ReadAll(exact, version)), Describe(fromPadded));
            Assert.Equal(1, remaining);
        }
    }

    [Fact]
    public void Metadata_v13_response_from_the_model_carries_the_top_level_error()
    {
        var response = ReadAll(Build(13, error: ErrorCode.RebootstrapRequired), 13);

        Assert.Equal(ErrorCode.RebootstrapRequired, response.Error);
        Assert.Equal(Describe(Expected(13, ErrorCode.RebootstrapRequired)), Describe(response));
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void Metadata_response_truncated_at_every_cut_point_raises_only_KafkaProtocolException(int version)
    {
        var full = Build(version, unknownTags: version >= 9);
        ReadAll(full, version);

        DamagedResponses.AssertEveryTruncationRejected(full, prefix => Read(prefix, version, out _));
    }

    // ---------------------------------------------------------------------------------------------------
    // Corrupt counts.

    public static TheoryData<string, int> HugeCounts() => new()
    {
        { "7FFFFFFF 00000001 0002 6B31 00002384", 0 },                              // broker count
        { "00000000 7FFFFFFF 0000 0001 74", 0 },                                    // topic count
        { "00000000 00000001 0000 0001 74 7FFFFFFF 0000", 0 },                       // partition count
        { "00000000 00000001 0000 0001 74 00000001 0000 00000000 00000001 7FFFFFFF 00000001", 0 }, // replica count
        { "00000000 00000001 0000 0001 74 00000001 0000 00000000 00000001 00000000 7FFFFFFF", 0 }, // isr count
        { "80000000 00000000", 0 },                                                 // negative broker count
        { "00000000 FFFFFFFF", 0 },                                                 // null topics
        { "00000000 FFFFFFFF07 00000001", 9 },                                       // compact broker count 2^31-2
        { "00000000 01 00 FFFFFFFF FFFFFFFF07 0000", 9 },                             // compact topic count
        { "00000000 01 00 FFFFFFFF 02 0000 02 74 00 FFFFFFFF07 00", 9 },              // compact partition count
        { "00000000 01 00 FFFFFFFF 02 0000 02 74 00 02 0000 00000000 00000001 00000001 FFFFFFFF07 00", 9 }, // compact replicas
        { "00000000 FFFFFFFF0F 00", 9 },                                              // varint beyond int range
        { "00000000 FFFFFFFFFF01", 9 },                                               // varint longer than 5 bytes
    };

    [Theory]
    [MemberData(nameof(HugeCounts))]
    public void Metadata_response_with_a_corrupt_huge_array_count_is_rejected_without_allocating(string hex, int version)
    {
        var bytes = Hex(hex);
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, version, out _)); // warm up (JIT, type loading)

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<KafkaProtocolException>(() => Read(bytes, version, out _));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The exception and its message cost a few kilobytes; a list sized from the count would cost gigabytes.
        Assert.True(allocated < 256 * 1024, $"decoding a corrupt count allocated {allocated} bytes");
    }
}
