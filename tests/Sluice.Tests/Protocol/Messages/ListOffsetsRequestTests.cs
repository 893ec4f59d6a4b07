using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (ListOffsetsRequest.json):
//   ReplicaId int32, IsolationLevel int8 (v2+)
//   Topics [Name string, Partitions [PartitionIndex int32, CurrentLeaderEpoch int32 (v4+), Timestamp int64,
//                                    MaxNumOffsets int32 (v0 only)]]
//   TimeoutMs int32 (v10+)
//   v6+ flexible: compact arrays and strings, tags at the end of every struct.
public sealed class ListOffsetsRequestTests
{
    // "orders": partition 0 latest with no known epoch, partition 3 earliest with leader epoch 5.
    private static ListOffsetsRequest Request(long timestamp0 = ListOffsetsTimestamp.Latest) => new(
        [new ListOffsetsTopic("orders", [new ListOffsetsPartition(0, timestamp0), new ListOffsetsPartition(3, ListOffsetsTimestamp.Earliest, CurrentLeaderEpoch: 5)])],
        IsolationLevel.ReadCommitted,
        timeoutMs: 1_500);

    private static byte[] Body(ListOffsetsRequest request, int version)
    {
        using var writer = new KafkaWriter(16);
        request.WriteBody(writer, (short)version);
        return writer.WrittenSpan.ToArray();
    }

    [Fact]
    public void ListOffsets_v0_asks_for_one_old_style_offset_per_partition()
    {
        AssertBytes(
            "FFFFFFFF " +                                   // replica -1: a consumer
            "00000001 0006 6F7264657273 00000002 " +        // "orders", 2 partitions
            "00000000 FFFFFFFFFFFFFFFF 00000001 " +         // p0 latest, max 1 offset
            "00000003 FFFFFFFFFFFFFFFE 00000001",           // p3 earliest, max 1 offset
            Body(Request(), 0));
    }

    [Fact]
    public void ListOffsets_v1_drops_max_num_offsets()
    {
        AssertBytes(
            "FFFFFFFF 00000001 0006 6F7264657273 00000002 " +
            "00000000 FFFFFFFFFFFFFFFF 00000003 FFFFFFFFFFFFFFFE",
            Body(Request(), 1));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ListOffsets_v2_and_v3_add_the_isolation_level_after_the_replica_id(int version)
    {
        AssertBytes(
            "FFFFFFFF 01 00000001 0006 6F7264657273 00000002 " +
            "00000000 FFFFFFFFFFFFFFFF 00000003 FFFFFFFFFFFFFFFE",
            Body(Request(), version));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void ListOffsets_v4_and_v5_send_the_current_leader_epoch_before_the_timestamp(int version)
    {
        AssertBytes(
            "FFFFFFFF 01 00000001 0006 6F7264657273 00000002 " +
            "00000000 FFFFFFFF FFFFFFFFFFFFFFFF " +
            "00000003 00000005 FFFFFFFFFFFFFFFE",
            Body(Request(), version));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(9)]
    public void ListOffsets_v6_to_v9_are_compact_with_empty_tags(int version)
    {
        AssertBytes(
            "FFFFFFFF 01 02 07 6F7264657273 03 " +
            "00000000 FFFFFFFF FFFFFFFFFFFFFFFF 00 " +
            "00000003 00000005 FFFFFFFFFFFFFFFE 00 " +
            "00 00",                                        // topic tags, request tags
            Body(Request(), version));
    }

    [Fact]
    public void ListOffsets_v10_ends_with_the_timeout()
    {
        AssertBytes(
            "FFFFFFFF 01 02 07 6F7264657273 03 " +
            "00000000 FFFFFFFF FFFFFFFFFFFFFFFF 00 " +
            "00000003 00000005 FFFFFFFFFFFFFFFE 00 " +
            "00 000005DC 00",
            Body(Request(), 10));
    }

    [Fact]
    public void ListOffsets_v0_sends_a_time_as_it_is()
    {
        var body = Body(Request(timestamp0: 1_700_000_000_000), 0);

        AssertBytes(
            "FFFFFFFF 00000001 0006 6F7264657273 00000002 " +
            "00000000 0000018BCFE56800 00000001 00000003 FFFFFFFFFFFFFFFE 00000001",
            body);
    }

    [Fact]
    public void ListOffsets_read_uncommitted_is_sent_as_zero()
    {
        var request = new ListOffsetsRequest([new ListOffsetsTopic("t", [new ListOffsetsPartition(1, ListOffsetsTimestamp.Latest)])]);

        AssertBytes("FFFFFFFF 00 00000001 0001 74 00000001 00000001 FFFFFFFF FFFFFFFFFFFFFFFF", Body(request, 4));
    }

    [Fact]
    public void ListOffsets_implements_v0_to_v10_and_refuses_to_write_outside_them()
    {
        var request = Request();

        Assert.Equal(new VersionRange(0, 10), request.Versions);
        Assert.Equal(6, request.FirstFlexibleVersion);
        Assert.Equal(ApiKey.ListOffsets, request.ApiKey);
        Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, -1));
    }

    [Theory]
    [InlineData(-3)]
    [InlineData(-4)]
    [InlineData(long.MinValue)]
    public void ListOffsets_refuses_negative_timestamps_other_than_latest_and_earliest(long timestamp)
    {
        var e = Assert.Throws<ArgumentException>(() => Request(timestamp));

        Assert.Contains("orders-0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListOffsets_refuses_null_topics_and_partitions()
    {
        Assert.Throws<ArgumentNullException>(() => new ListOffsetsRequest(null!));
        Assert.Throws<ArgumentException>(() => new ListOffsetsRequest([null!]));
        Assert.Throws<ArgumentException>(() => new ListOffsetsRequest([new ListOffsetsTopic("t", [null!])]));
    }

    [Fact]
    public void ListOffsets_special_timestamps_are_minus_one_and_minus_two()
    {
        Assert.Equal(-1, ListOffsetsTimestamp.Latest);
        Assert.Equal(-2, ListOffsetsTimestamp.Earliest);
    }
}
