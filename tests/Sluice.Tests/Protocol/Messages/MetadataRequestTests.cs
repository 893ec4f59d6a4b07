using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Protocol.Messages;

// Layout (MetadataRequest.json, franz-go 03_metadata):
//   Topics [TopicId uuid (v10+), Name string (nullable v10+)]  - nullable v1+; v0: empty = all, v1+: null = all
//   AllowAutoTopicCreation bool (v4+)
//   IncludeClusterAuthorizedOperations bool (v8-v10)
//   IncludeTopicAuthorizedOperations bool (v8+)
//   v9+ flexible: compact array/strings, tags after each topic and at the end.
public sealed class MetadataRequestTests
{
    // "orders" = 6F7264657273, "audit" = 6175646974.
    private const string ZeroUuid = "00000000000000000000000000000000";

    private static string Body(MetadataRequest request, int version)
    {
        using var writer = new KafkaWriter();
        request.WriteBody(writer, (short)version);
        return Convert.ToHexString(writer.WrittenSpan);
    }

    private static string Clean(string hex) => hex.Replace(" ", "", StringComparison.Ordinal);

    [Fact]
    public void Metadata_v0_request_with_no_topics_asks_for_all_of_them()
    {
        Assert.Equal("00000000", Body(new MetadataRequest(null), 0));
    }

    [Fact]
    public void Metadata_v0_request_with_an_empty_list_also_asks_for_all()
    {
        // v0 has no way to ask for none: an empty array is "all".
        Assert.Equal("00000000", Body(new MetadataRequest([]), 0));
    }

    [Fact]
    public void Metadata_v0_request_lists_the_named_topics_in_order()
    {
        Assert.Equal(Clean("00000002 0006 6F7264657273 0005 6175646974"), Body(new MetadataRequest(["orders", "audit"]), 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Metadata_v1_to_v3_request_with_no_topics_sends_a_null_array(int version)
    {
        Assert.Equal("FFFFFFFF", Body(new MetadataRequest(null), version));
    }

    [Fact]
    public void Metadata_v1_request_with_an_empty_list_asks_for_no_topics()
    {
        Assert.Equal("00000000", Body(new MetadataRequest([]), 1));
    }

    [Fact]
    public void Metadata_v1_request_lists_the_named_topics()
    {
        Assert.Equal(Clean("00000001 0006 6F7264657273"), Body(new MetadataRequest(["orders"], allowAutoTopicCreation: true), 1));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Metadata_v4_to_v7_request_appends_the_auto_create_flag(int version)
    {
        Assert.Equal(Clean("00000001 0006 6F7264657273 01"), Body(new MetadataRequest(["orders"], allowAutoTopicCreation: true), version));
        Assert.Equal(Clean("00000001 0006 6F7264657273 00"), Body(new MetadataRequest(["orders"], allowAutoTopicCreation: false), version));
        Assert.Equal(Clean("FFFFFFFF 00"), Body(new MetadataRequest(null), version));
    }

    [Fact]
    public void Metadata_request_does_not_auto_create_by_default()
    {
        Assert.False(new MetadataRequest(["orders"]).AllowAutoTopicCreation);
    }

    [Fact]
    public void Metadata_v8_request_appends_the_two_authorized_operations_flags_both_off()
    {
        // auto-create 01, include cluster authorized operations 00, include topic authorized operations 00.
        Assert.Equal(Clean("00000001 0006 6F7264657273 01 00 00"), Body(new MetadataRequest(["orders"], allowAutoTopicCreation: true), 8));
        Assert.Equal(Clean("FFFFFFFF 00 00 00"), Body(new MetadataRequest(null), 8));
    }

    [Fact]
    public void Metadata_v9_request_is_compact_with_tags_after_each_topic_and_at_the_end()
    {
        // compact count 03 (= 2), 07 "orders" 00, 06 "audit" 00, auto 00, cluster ops 00, topic ops 00, tags 00.
        Assert.Equal(
            Clean("03 07 6F7264657273 00 06 6175646974 00 00 00 00 00"),
            Body(new MetadataRequest(["orders", "audit"]), 9));
    }

    [Fact]
    public void Metadata_v9_request_with_no_topics_sends_a_compact_null_array()
    {
        Assert.Equal("0000000000", Body(new MetadataRequest(null), 9));
        Assert.Equal("0100000000", Body(new MetadataRequest([]), 9));
    }

    [Fact]
    public void Metadata_v10_request_puts_a_zero_topic_id_before_each_name()
    {
        Assert.Equal(
            Clean($"02 {ZeroUuid} 07 6F7264657273 00 01 00 00 00"),
            Body(new MetadataRequest(["orders"], allowAutoTopicCreation: true), 10));
        Assert.Equal("0000000000", Body(new MetadataRequest(null), 10));
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Metadata_v11_to_v13_request_drops_the_cluster_authorized_operations_flag(int version)
    {
        Assert.Equal(
            Clean($"02 {ZeroUuid} 07 6F7264657273 00 00 00 00"),
            Body(new MetadataRequest(["orders"]), version));
        Assert.Equal(
            Clean($"03 {ZeroUuid} 07 6F7264657273 00 {ZeroUuid} 06 6175646974 00 01 00 00"),
            Body(new MetadataRequest(["orders", "audit"], allowAutoTopicCreation: true), version));
        Assert.Equal("00000000", Body(new MetadataRequest(null), version));
    }

    [Fact]
    public void Metadata_request_with_a_multibyte_topic_name_counts_utf8_bytes()
    {
        // "é" is C3 A9: classic length 0002, compact length 03.
        Assert.Equal(Clean("00000001 0002 C3A9"), Body(new MetadataRequest(["é"]), 0));
        Assert.Equal(Clean("02 03 C3A9 00 00 00 00 00"), Body(new MetadataRequest(["é"]), 9));
    }

    [Fact]
    public void Metadata_request_declares_versions_0_to_13_flexible_from_9()
    {
        var request = new MetadataRequest(null);
        Assert.Equal(ApiKey.Metadata, request.ApiKey);
        Assert.Equal(new VersionRange(0, 13), request.Versions);
        Assert.Equal(9, request.FirstFlexibleVersion);
        Assert.Null(request.Topics);
    }
}
