using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (FetchRequest.json):
//   ReplicaId int32 (v0-v14), MaxWaitMs int32, MinBytes int32, MaxBytes int32 (v3+), IsolationLevel int8 (v4+),
//   SessionId int32 (v7+), SessionEpoch int32 (v7+)
//   Topics [Topic string (v0-v12) | TopicId uuid (v13+),
//           Partitions [Partition int32, CurrentLeaderEpoch int32 (v9+), FetchOffset int64,
//                       LastFetchedEpoch int32 (v12+), LogStartOffset int64 (v5+), PartitionMaxBytes int32]]
//   ForgottenTopicsData (v7+) [Topic string (v7-v12) | TopicId uuid (v13+), Partitions [int32]]
//   RackId string (v11+)
//   v12+ flexible: compact arrays and strings, tags at the end of every struct (ClusterId tag 0 and, from v15,
//   ReplicaState tag 1 at the top level: neither is sent by a consumer).
public sealed class FetchRequestTests
{
    internal static readonly Guid OrdersId = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    internal static readonly Guid AuditId = Guid.Parse("11111111-2222-3333-4444-555555555555");

    private const string Orders = "0006 6F7264657273";
    private const string Audit = "0005 6175646974";
    private const string CompactOrders = "07 6F7264657273";
    private const string CompactAudit = "06 6175646974";
    private const string OrdersUuid = "0F1E2D3C4B5A69788796A5B4C3D2E1F0";
    private const string AuditUuid = "11111111222233334444555555555555";

    // Request order orders-0, audit-2, orders-1: topics are grouped in order of first appearance.
    private static readonly FetchPartition[] Partitions =
    [
        new("orders", OrdersId, 0, 42, 7, 1_048_576),
        new("audit", AuditId, 2, 5, -1, 65_536),
        new("orders", OrdersId, 1, 100, 7, 1_048_576),
    ];

    private static readonly FetchTopicPartition[] Forgotten =
    [
        new("orders", OrdersId, 3),
        new("audit", AuditId, 4),
        new("orders", OrdersId, 9),
    ];

    private static readonly FetchRequestOptions Options = new(MaxWaitMs: 500, MinBytes: 1, MaxBytes: 52_428_800, IsolationLevel.ReadCommitted, RackId: "r1");

    private static FetchRequest Sessionless() => new(Partitions, Options);

    private static FetchRequest InSession() => new(Partitions, Options, sessionId: 0x123, sessionEpoch: 5, forgotten: Forgotten);

    private static byte[] Body(FetchRequest request, int version)
    {
        using var writer = new KafkaWriter(16);
        request.WriteBody(writer, (short)version);
        return writer.WrittenSpan.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Fetch_v0_to_v2_name_topics_and_send_offset_and_max_bytes_per_partition(int version)
    {
        AssertBytes(
            "FFFFFFFF 000001F4 00000001 " +                 // replica -1, wait 500 ms, min 1 byte
            "00000002 " +
            Orders + " 00000002 " +
            "00000000 000000000000002A 00100000 " +         // p0 at 42, 1 MiB
            "00000001 0000000000000064 00100000 " +         // p1 at 100, 1 MiB
            Audit + " 00000001 " +
            "00000002 0000000000000005 00010000",           // p2 at 5, 64 KiB
            Body(Sessionless(), version));
    }

    [Fact]
    public void Fetch_v3_adds_the_response_max_bytes()
    {
        AssertBytes(
            "FFFFFFFF 000001F4 00000001 03200000 00000002 " +
            Orders + " 00000002 00000000 000000000000002A 00100000 00000001 0000000000000064 00100000 " +
            Audit + " 00000001 00000002 0000000000000005 00010000",
            Body(Sessionless(), 3));
    }

    [Fact]
    public void Fetch_v4_adds_the_isolation_level()
    {
        AssertBytes(
            "FFFFFFFF 000001F4 00000001 03200000 01 00000002 " +
            Orders + " 00000002 00000000 000000000000002A 00100000 00000001 0000000000000064 00100000 " +
            Audit + " 00000001 00000002 0000000000000005 00010000",
            Body(Sessionless(), 4));
    }

    [Fact]
    public void Fetch_v5_sends_log_start_offset_minus_one_before_the_partition_max_bytes()
    {
        AssertBytes(
            "FFFFFFFF 000001F4 00000001 03200000 01 00000002 " +
            Orders + " 00000002 " +
            "00000000 000000000000002A FFFFFFFFFFFFFFFF 00100000 " +
            "00000001 0000000000000064 FFFFFFFFFFFFFFFF 00100000 " +
            Audit + " 00000001 00000002 0000000000000005 FFFFFFFFFFFFFFFF 00010000",
            Body(Sessionless(), 5));
    }

    [Fact]
    public void Fetch_v7_outside_a_session_sends_id_0_epoch_minus_1_and_no_forgotten_topics()
    {
        AssertBytes(
            "FFFFFFFF 000001F4 00000001 03200000 01 00000000 FFFFFFFF 00000002 " +
            Orders + " 00000002 " +
            "00000000 000000000000002A FFFFFFFFFFFFFFFF 00100000 " +
            "00000001 0000000000000064 FFFFFFFFFFFFFFFF 00100000 " +
            Audit + " 00000001 00000002 0000000000000005 FFFFFFFFFFFFFFFF 00010000 " +
            "00000000",
            Body(Sessionless(), 7));
    }

    [Fact]
    public void Fetch_v7_in_a_session_sends_its_id_epoch_and_forgotten_partitions_grouped_by_topic()
    {
        AssertBytes(
            "FFFFFFFF 000001F4 00000001 03200000 01 00000123 00000005 00000002 " +
            Orders + " 00000002 " +
            "00000000 000000000000002A FFFFFFFFFFFFFFFF 00100000 " +
            "00000001 0000000000000064 FFFFFFFFFFFFFFFF 00100000 " +
            Audit + " 00000001 00000002 0000000000000005 FFFFFFFFFFFFFFFF 00010000 " +
            "00000002 " + Orders + " 00000002 00000003 00000009 " + Audit + " 00000001 00000004",
            Body(InSession(), 7));
    }

    private const string V9Topics =
        "00000002 " +
        Orders + " 00000002 " +
        "00000000 00000007 000000000000002A FFFFFFFFFFFFFFFF 00100000 " +   // p0, leader epoch 7
        "00000001 00000007 0000000000000064 FFFFFFFFFFFFFFFF 00100000 " +
        Audit + " 00000001 00000002 FFFFFFFF 0000000000000005 FFFFFFFFFFFFFFFF 00010000 ";

    private const string V9Forgotten = "00000002 " + Orders + " 00000002 00000003 00000009 " + Audit + " 00000001 00000004";

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    public void Fetch_v9_and_v10_send_the_current_leader_epoch_after_the_partition(int version)
    {
        AssertBytes("FFFFFFFF 000001F4 00000001 03200000 01 00000123 00000005 " + V9Topics + V9Forgotten, Body(InSession(), version));
    }

    [Fact]
    public void Fetch_v11_ends_with_the_rack_id()
    {
        AssertBytes("FFFFFFFF 000001F4 00000001 03200000 01 00000123 00000005 " + V9Topics + V9Forgotten + " 0002 7231", Body(InSession(), 11));
    }

    [Fact]
    public void Fetch_v11_sends_an_empty_rack_when_there_is_none()
    {
        var request = new FetchRequest([new FetchPartition("t", Guid.Empty, 0, 0, -1, 100)]);

        AssertBytes(
            "FFFFFFFF 000001F4 00000001 03200000 00 00000000 FFFFFFFF " +
            "00000001 0001 74 00000001 00000000 FFFFFFFF 0000000000000000 FFFFFFFFFFFFFFFF 00000064 " +
            "00000000 0000",
            Body(request, 11));
    }

    [Fact]
    public void Fetch_v12_is_compact_with_last_fetched_epoch_minus_one_and_empty_tags()
    {
        AssertBytes(
            "FFFFFFFF 000001F4 00000001 03200000 01 00000123 00000005 " +
            "03 " +
            CompactOrders + " 03 " +
            "00000000 00000007 000000000000002A FFFFFFFF FFFFFFFFFFFFFFFF 00100000 00 " +
            "00000001 00000007 0000000000000064 FFFFFFFF FFFFFFFFFFFFFFFF 00100000 00 " +
            "00 " +
            CompactAudit + " 02 00000002 FFFFFFFF 0000000000000005 FFFFFFFF FFFFFFFFFFFFFFFF 00010000 00 00 " +
            "03 " + CompactOrders + " 03 00000003 00000009 00 " + CompactAudit + " 02 00000004 00 " +
            "03 7231 " +
            "00",
            Body(InSession(), 12));
    }

    private const string V13Tail =
        "03 " +
        OrdersUuid + " 03 " +
        "00000000 00000007 000000000000002A FFFFFFFF FFFFFFFFFFFFFFFF 00100000 00 " +
        "00000001 00000007 0000000000000064 FFFFFFFF FFFFFFFFFFFFFFFF 00100000 00 " +
        "00 " +
        AuditUuid + " 02 00000002 FFFFFFFF 0000000000000005 FFFFFFFF FFFFFFFFFFFFFFFF 00010000 00 00 " +
        "03 " + OrdersUuid + " 03 00000003 00000009 00 " + AuditUuid + " 02 00000004 00 " +
        "03 7231 " +
        "00";

    [Theory]
    [InlineData(13)]
    [InlineData(14)]
    public void Fetch_v13_and_v14_give_topic_ids_instead_of_names_in_topics_and_forgotten_topics(int version)
    {
        AssertBytes("FFFFFFFF 000001F4 00000001 03200000 01 00000123 00000005 " + V13Tail, Body(InSession(), version));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(16)]
    public void Fetch_v15_and_v16_drop_the_replica_id_from_the_body(int version)
    {
        AssertBytes("000001F4 00000001 03200000 01 00000123 00000005 " + V13Tail, Body(InSession(), version));
    }

    [Fact]
    public void Fetch_topic_repeated_with_other_topics_between_is_sent_once_in_order_of_first_appearance()
    {
        var request = new FetchRequest(
            [new("b", Guid.Empty, 1, 10, -1, 8), new("a", Guid.Empty, 0, 20, -1, 8), new("b", Guid.Empty, 0, 30, -1, 8)]);

        AssertBytes(
            "FFFFFFFF 000001F4 00000001 00000002 " +
            "0001 62 00000002 00000001 000000000000000A 00000008 00000000 000000000000001E 00000008 " +
            "0001 61 00000001 00000000 0000000000000014 00000008",
            Body(request, 0));
    }

    [Fact]
    public void Fetch_with_every_topic_id_known_and_no_session_spans_v0_to_v16()
    {
        var request = Sessionless();

        Assert.Equal(new VersionRange(0, 16), request.Versions);
        Assert.Equal(12, request.FirstFlexibleVersion);
        Assert.Equal(ApiKey.Fetch, request.ApiKey);
    }

    [Fact]
    public void Fetch_with_an_unknown_topic_id_caps_at_v12()
    {
        var request = new FetchRequest([Partitions[0], Partitions[1] with { TopicId = Guid.Empty }]);

        Assert.Equal(new VersionRange(0, 12), request.Versions);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 13));
        Assert.Contains("topic id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fetch_forgetting_a_partition_without_a_topic_id_caps_at_v12()
    {
        var request = new FetchRequest(Partitions, sessionId: 1, sessionEpoch: 2, forgotten: [new FetchTopicPartition("old", Guid.Empty, 0)]);

        Assert.Equal(new VersionRange(7, 12), request.Versions);
    }

    [Fact]
    public void Fetch_asked_for_topic_names_caps_at_v12_even_when_ids_are_known()
    {
        Assert.Equal(new VersionRange(0, 12), new FetchRequest(Partitions, useTopicIds: false).Versions);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0x123, 5)]
    [InlineData(0x123, -1)]
    public void Fetch_in_a_session_needs_v7_or_later(int sessionId, int epoch)
    {
        var request = new FetchRequest(Partitions, sessionId: sessionId, sessionEpoch: epoch);

        Assert.Equal(new VersionRange(7, 16), request.Versions);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 6));
        Assert.Contains("v7", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fetch_with_forgotten_partitions_outside_a_session_still_needs_v7()
    {
        var request = new FetchRequest(Partitions, forgotten: [Forgotten[0]]);

        Assert.Equal(new VersionRange(7, 16), request.Versions);
    }

    [Fact]
    public void Fetch_refuses_a_partition_without_a_topic_name()
    {
        Assert.Throws<ArgumentNullException>(() => new FetchRequest(null!));
        Assert.Throws<ArgumentException>(() => new FetchRequest([null!]));
        Assert.Throws<ArgumentException>(() => new FetchRequest([new FetchPartition(null!, OrdersId, 0, 0, -1, 1)]));
        Assert.Throws<ArgumentException>(() => new FetchRequest([], forgotten: [new FetchTopicPartition(null!, OrdersId, 0)]));
    }

    [Fact]
    public void Fetch_refuses_to_write_outside_v0_to_v16()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Body(Sessionless(), 17));
        Assert.Throws<ArgumentOutOfRangeException>(() => Body(Sessionless(), -1));
    }

    [Fact]
    public void Fetch_default_options_are_Java_consumer_defaults()
    {
        var options = FetchRequestOptions.Default;

        Assert.Equal(500, options.MaxWaitMs);
        Assert.Equal(1, options.MinBytes);
        Assert.Equal(52_428_800, options.MaxBytes);
        Assert.Equal(IsolationLevel.ReadUncommitted, options.IsolationLevel);
        Assert.Equal("", options.RackId);
        Assert.Same(options, new FetchRequest(Partitions).Options);
    }
}
