using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (OffsetCommitRequest.json, franz-go 08_offset_commit):
//   GroupId string, GenerationIdOrMemberEpoch int32 (v1+), MemberId string (v1+), GroupInstanceId nullable string (v7+),
//   RetentionTimeMs int64 (v2-v4),
//   Topics [Name string, Partitions [PartitionIndex int32, CommittedOffset int64, CommittedLeaderEpoch int32 (v6+),
//           CommitTimestamp int64 (v1 only), CommittedMetadata nullable string]]
//   v8+ flexible: compact strings and arrays, tags after each partition, each topic and at the end. v9 = v8 on the wire.
public sealed class OffsetCommitRequestTests
{
    // "grp" = 677270, "m1" = 6D31, "i1" = 6931, "orders" = 6F7264657273, "x" = 78; 42 = 2A, 100 = 64.
    private static readonly OffsetCommitTopic[] Topics =
        [new("orders", [new OffsetCommitPartition(0, 42, 7), new OffsetCommitPartition(3, 100, Metadata: "x")])];

    private const string Minus1L = "FFFFFFFFFFFFFFFF";

    private static OffsetCommitRequest Member(string? instanceId = null) => new("grp", Topics, 5, "m1", instanceId);

    private static string Body(OffsetCommitRequest request, int version)
    {
        using var writer = new KafkaWriter();
        request.WriteBody(writer, (short)version);
        return Convert.ToHexString(writer.WrittenSpan);
    }

    private static string Clean(string hex) => hex.Replace(" ", "", StringComparison.Ordinal);

    [Fact]
    public void OffsetCommit_v0_request_is_the_group_and_offsets_with_metadata()
    {
        Assert.Equal(
            Clean("0003 677270 00000001 0006 6F7264657273 00000002 " +
                  "00000000 000000000000002A 0000 " +
                  "00000003 0000000000000064 0001 78"),
            Body(new OffsetCommitRequest("grp", Topics), 0));
    }

    [Fact]
    public void OffsetCommit_v1_request_adds_generation_member_and_a_commit_timestamp_of_minus_one()
    {
        Assert.Equal(
            Clean("0003 677270 00000005 0002 6D31 00000001 0006 6F7264657273 00000002 " +
                  $"00000000 000000000000002A {Minus1L} 0000 " +
                  $"00000003 0000000000000064 {Minus1L} 0001 78"),
            Body(Member(), 1));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void OffsetCommit_v2_to_v4_request_drops_the_timestamp_and_sends_a_retention_of_minus_one(int version)
    {
        Assert.Equal(
            Clean($"0003 677270 00000005 0002 6D31 {Minus1L} 00000001 0006 6F7264657273 00000002 " +
                  "00000000 000000000000002A 0000 " +
                  "00000003 0000000000000064 0001 78"),
            Body(Member(), version));
    }

    [Fact]
    public void OffsetCommit_v2_request_outside_a_membership_sends_generation_minus_one_and_an_empty_member()
    {
        Assert.Equal(
            Clean($"0003 677270 FFFFFFFF 0000 {Minus1L} 00000001 0006 6F7264657273 00000002 " +
                  "00000000 000000000000002A 0000 " +
                  "00000003 0000000000000064 0001 78"),
            Body(new OffsetCommitRequest("grp", Topics), 2));
    }

    [Fact]
    public void OffsetCommit_v5_request_drops_the_retention_time()
    {
        Assert.Equal(
            Clean("0003 677270 00000005 0002 6D31 00000001 0006 6F7264657273 00000002 " +
                  "00000000 000000000000002A 0000 " +
                  "00000003 0000000000000064 0001 78"),
            Body(Member(), 5));
    }

    [Fact]
    public void OffsetCommit_v6_request_adds_each_partitions_leader_epoch()
    {
        Assert.Equal(
            Clean("0003 677270 00000005 0002 6D31 00000001 0006 6F7264657273 00000002 " +
                  "00000000 000000000000002A 00000007 0000 " +
                  "00000003 0000000000000064 FFFFFFFF 0001 78"),
            Body(Member(), 6));
    }

    [Fact]
    public void OffsetCommit_v7_request_adds_the_group_instance_id_after_the_member_id()
    {
        const string topics = "00000001 0006 6F7264657273 00000002 00000000 000000000000002A 00000007 0000 00000003 0000000000000064 FFFFFFFF 0001 78";
        Assert.Equal(Clean("0003 677270 00000005 0002 6D31 FFFF " + topics), Body(Member(), 7));
        Assert.Equal(Clean("0003 677270 00000005 0002 6D31 0002 6931 " + topics), Body(Member("i1"), 7));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public void OffsetCommit_v8_and_v9_request_is_compact_with_tags_everywhere(int version)
    {
        Assert.Equal(
            Clean("04 677270 00000005 03 6D31 03 6931 02 07 6F7264657273 03 " +
                  "00000000 000000000000002A 00000007 01 00 " +
                  "00000003 0000000000000064 FFFFFFFF 02 78 00 " +
                  "00 00"),
            Body(Member("i1"), version));
    }

    [Fact]
    public void OffsetCommit_request_with_a_generation_or_member_id_narrows_to_v1()
    {
        var request = Member();

        Assert.Equal(new VersionRange(1, 9), request.Versions);
        Assert.Equal(new VersionRange(1, 9), new OffsetCommitRequest("grp", Topics, memberId: "m1").Versions);
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 0));
        Assert.Contains("v1+", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OffsetCommit_request_with_a_group_instance_id_narrows_to_v7()
    {
        var request = Member("i1");

        Assert.Equal(new VersionRange(7, 9), request.Versions);
        var failure = Assert.Throws<ArgumentOutOfRangeException>(() => Body(request, 6));
        Assert.Contains("v7+", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OffsetCommit_request_rejects_null_topics_partitions_and_metadata()
    {
        Assert.Throws<ArgumentException>(() => new OffsetCommitRequest("grp", [null!]));
        Assert.Throws<ArgumentException>(() => new OffsetCommitRequest("grp", [new OffsetCommitTopic("t", [null!])]));
        Assert.Throws<ArgumentException>(() => new OffsetCommitRequest("grp", [new OffsetCommitTopic("t", [new OffsetCommitPartition(0, 1, Metadata: null!)])]));
        Assert.Throws<ArgumentNullException>(() => new OffsetCommitRequest("grp", Topics, memberId: null!));
    }

    [Fact]
    public void OffsetCommit_request_declares_versions_0_to_9_flexible_from_8()
    {
        var request = new OffsetCommitRequest("grp", Topics);
        Assert.Equal(ApiKey.OffsetCommit, request.ApiKey);
        Assert.Equal(new VersionRange(0, 9), request.Versions);
        Assert.Equal(new VersionRange(0, 9), OffsetCommitRequest.Supported);
        Assert.Equal(8, request.FirstFlexibleVersion);
        Assert.Equal(-1, request.GenerationIdOrMemberEpoch);
        Assert.Equal("", request.MemberId);
    }
}
