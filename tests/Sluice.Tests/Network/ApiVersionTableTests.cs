using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Network;

public sealed class ApiVersionTableTests
{
    private static readonly BrokerEndpoint Endpoint = new("broker-1", 9092);

    // A request that Sluice does not implement yet, with the version range the Kafka client implements.
    private sealed class FakeRequest(ApiKey apiKey, short min, short max) : IKafkaRequest
    {
        public ApiKey ApiKey { get; } = apiKey;

        public VersionRange Versions { get; } = new(min, max);

        public short FirstFlexibleVersion => short.MaxValue;

        public void WriteBody(KafkaWriter writer, short version) => throw new NotSupportedException();
    }

    private static ProduceRequest Produce() =>
        new([new ProduceTopicData("events", [new ProducePartitionData(0, [new ProduceRecord(null, [1], 0)])])]);

    private static ApiVersionTable Table(params (ApiKey Key, short Min, short Max)[] ranges) =>
        new(ranges.Select(r => new ApiVersionRange(r.Key, new VersionRange(r.Min, r.Max))));

    private static Dictionary<ApiKey, short> Caps(ApiKey key, short max) => new() { [key] = max };

    [Fact]
    public void Pick_returns_the_highest_version_both_sides_support()
    {
        var table = Table((ApiKey.Metadata, 0, 12), (ApiKey.ListGroups, 0, 9), (ApiKey.ApiVersions, 0, 2));

        Assert.Equal(12, table.Pick(new MetadataRequest(null), Endpoint));      // ours 0-13
        Assert.Equal(5, table.Pick(new ListGroupsRequest(), Endpoint));         // ours 0-5
        Assert.Equal(2, table.Pick(new ApiVersionsRequest(), Endpoint));        // ours 0-4
    }

    [Fact]
    public void Pick_respects_a_broker_minimum_above_ours()
    {
        var table = Table((ApiKey.Fetch, 4, 17));

        Assert.Equal(12, table.Pick(new FakeRequest(ApiKey.Fetch, 4, 12), Endpoint));
        Assert.Equal(4, table.Pick(new FakeRequest(ApiKey.Fetch, 0, 4), Endpoint));
    }

    [Fact]
    public void Pick_applies_the_user_cap()
    {
        var table = Table((ApiKey.Metadata, 0, 13));

        Assert.Equal(4, table.Pick(new MetadataRequest(null), Endpoint, Caps(ApiKey.Metadata, 4)));
        Assert.Equal(0, table.Pick(new MetadataRequest(null), Endpoint, Caps(ApiKey.Metadata, 0)));
        // A cap above both ranges changes nothing; a cap for another API is ignored.
        Assert.Equal(13, table.Pick(new MetadataRequest(null), Endpoint, Caps(ApiKey.Metadata, 100)));
        Assert.Equal(13, table.Pick(new MetadataRequest(null), Endpoint, Caps(ApiKey.Fetch, 1)));
    }

    [Fact]
    public void Pick_for_an_api_the_broker_does_not_list_names_the_api()
    {
        var table = Table((ApiKey.Metadata, 0, 13));

        var e = Assert.Throws<UnsupportedVersionException>(() => table.Pick(new ListGroupsRequest(), Endpoint));

        Assert.Equal(ApiKey.ListGroups, e.ApiKey);
        Assert.Contains("ListGroups", e.Message, StringComparison.Ordinal);
        Assert.Contains("broker-1:9092", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pick_with_no_overlap_throws_UnsupportedVersionException()
    {
        var table = Table((ApiKey.Fetch, 13, 17));

        var e = Assert.Throws<UnsupportedVersionException>(() => table.Pick(new FakeRequest(ApiKey.Fetch, 0, 11), Endpoint));

        Assert.Equal(ApiKey.Fetch, e.ApiKey);
        Assert.Contains("Fetch", e.Message, StringComparison.Ordinal);
        Assert.Contains("v13-v17", e.Message, StringComparison.Ordinal);
        Assert.Contains("v0-v11", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pick_with_a_cap_below_the_broker_minimum_throws_UnsupportedVersionException()
    {
        var table = Table((ApiKey.Fetch, 4, 17));

        var e = Assert.Throws<UnsupportedVersionException>(
            () => table.Pick(new FakeRequest(ApiKey.Fetch, 0, 12), Endpoint, Caps(ApiKey.Fetch, 3)));

        Assert.Equal(ApiKey.Fetch, e.ApiKey);
    }

    [Fact]
    public void Pick_never_sends_Produce_below_v3_to_a_broker_that_speaks_v3()
    {
        // Kafka 4.x advertises Produce 0-13 but rejects v0-v2 (KAFKA-18659).
        var table = Table((ApiKey.Produce, 0, 13));

        Assert.Equal(9, table.Pick(Produce(), Endpoint));                               // ours 0-9
        Assert.Equal(3, table.Pick(Produce(), Endpoint, Caps(ApiKey.Produce, 3)));
        var e = Assert.Throws<UnsupportedVersionException>(() => table.Pick(Produce(), Endpoint, Caps(ApiKey.Produce, 2)));
        Assert.Equal(ApiKey.Produce, e.ApiKey);
        Assert.Throws<UnsupportedVersionException>(() => table.Pick(Produce(), Endpoint, Caps(ApiKey.Produce, 0)));
    }

    [Fact]
    public void Pick_sends_Produce_v2_to_a_broker_that_only_speaks_up_to_v2()
    {
        Assert.Equal(2, Table((ApiKey.Produce, 0, 2)).Pick(Produce(), Endpoint));
        Assert.Equal(1, Table((ApiKey.Produce, 0, 2)).Pick(Produce(), Endpoint, Caps(ApiKey.Produce, 1)));
        Assert.Equal(3, Table((ApiKey.Produce, 0, 3)).Pick(Produce(), Endpoint));
    }

    [Fact]
    public void Kafka09_table_is_legacy_and_picks_the_0_9_versions()
    {
        var table = ApiVersionTable.Kafka09;

        Assert.True(table.IsLegacy);
        Assert.Equal(0, table.Pick(new MetadataRequest(null), Endpoint));
        Assert.Equal(2, table.Pick(new FakeRequest(ApiKey.OffsetCommit, 0, 10), Endpoint));
        Assert.Equal(1, table.Pick(new FakeRequest(ApiKey.OffsetFetch, 0, 10), Endpoint));
        Assert.Equal(1, table.Pick(new FakeRequest(ApiKey.Fetch, 0, 18), Endpoint));
        Assert.Equal(1, table.Pick(Produce(), Endpoint));
        Assert.Equal(0, table.Pick(new FakeRequest(ApiKey.JoinGroup, 0, 9), Endpoint));
        Assert.Equal(0, table.Pick(new ListGroupsRequest(), Endpoint));
        Assert.Equal(0, table.Pick(new FakeRequest(ApiKey.FindCoordinator, 0, 6), Endpoint));
        Assert.Throws<UnsupportedVersionException>(() => table.Pick(new ApiVersionsRequest(), Endpoint));
    }

    [Fact]
    public void A_table_from_advertised_ranges_is_not_legacy()
    {
        Assert.False(Table((ApiKey.Metadata, 0, 13)).IsLegacy);
    }

    [Fact]
    public void Duplicate_keys_in_the_advertised_list_use_the_first()
    {
        var table = Table((ApiKey.Metadata, 0, 5), (ApiKey.Fetch, 0, 11), (ApiKey.Metadata, 0, 12));

        Assert.Equal(new VersionRange(0, 5), table[ApiKey.Metadata]);
        Assert.Equal(5, table.Pick(new MetadataRequest(null), Endpoint));
        Assert.Equal(2, table.Ranges.Count());
    }

    [Fact]
    public void Indexer_returns_null_for_an_api_the_broker_does_not_list()
    {
        var table = Table((ApiKey.Metadata, 1, 9));

        Assert.Equal(new VersionRange(1, 9), table[ApiKey.Metadata]);
        Assert.Null(table[ApiKey.Produce]);
    }

    [Fact]
    public void Ranges_lists_every_advertised_api()
    {
        var table = Table((ApiKey.Metadata, 0, 13), (ApiKey.ApiVersions, 0, 4));

        Assert.Equal(
            ["ApiVersions v0-v4", "Metadata v0-v13"],
            table.Ranges.Select(r => $"{r.ApiKey} {r.Versions}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unknown_and_very_high_keys_are_kept_in_key_order_and_a_negative_one_is_ignored()
    {
        var table = Table(((ApiKey)32767, 0, 1), (ApiKey.Metadata, 0, 13), ((ApiKey)5000, 2, 3), ((ApiKey)(-4), 0, 0), ((ApiKey)5000, 7, 9));

        Assert.Equal(new VersionRange(0, 1), table[(ApiKey)32767]);
        Assert.Equal(new VersionRange(2, 3), table[(ApiKey)5000]);
        Assert.Null(table[(ApiKey)(-4)]);
        Assert.Null(table[(ApiKey)4999]);
        Assert.Equal([ApiKey.Metadata, (ApiKey)5000, (ApiKey)32767], table.Ranges.Select(r => r.ApiKey));
    }

    [Fact]
    public void An_empty_table_supports_nothing()
    {
        var table = Table();

        Assert.Throws<UnsupportedVersionException>(() => table.Pick(new MetadataRequest(null), Endpoint));
        Assert.Empty(table.Ranges);
    }
}
