using Sluice.Protocol;
using Sluice.Protocol.Consumer;
using Sluice.Tests.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Consumer;

// Layout (ConsumerProtocolSubscription.json): Version int16, Topics [string], UserData nullable bytes,
//   OwnedPartitions [Topic string, Partitions [int32]] (v1+), GenerationId int32 (v2+), RackId nullable string (v3+).
// Classic encoding throughout. "t1" = 7431, "t2" = 7432, "r1" = 7231.
public sealed class ConsumerSubscriptionTests
{
    private const string Topics = "00000002 0002 7431 0002 7432";
    private const string UserData = "00000001 AB";
    private const string Owned = "00000002 0002 7431 00000002 00000000 00000002 0002 7432 00000001 00000001";
    private const string Generation = "00000007";
    private const string Rack = "0002 7231";

    private static readonly ConsumerSubscription Sample = new(
        ["t1", "t2"],
        new byte[] { 0xAB },
        [new("t1", 0), new("t1", 2), new("t2", 1)],
        generationId: 7,
        rackId: "r1");

    private static string Describe(ConsumerSubscription s) =>
        $"v{s.Version} topics=[{string.Join(",", s.Topics)}] data={Convert.ToHexString(s.UserData.Span)} " +
        $"owned=[{string.Join(",", s.OwnedPartitions)}] gen={s.GenerationId} rack={s.RackId ?? "<null>"}";

    [Fact]
    public void Version_3_is_written_by_default_with_every_field()
    {
        AssertBytes($"0003 {Topics} {UserData} {Owned} {Generation} {Rack}", Sample.Encode());
    }

    [Theory]
    [InlineData(0, "0000 " + Topics + " " + UserData)]
    [InlineData(1, "0001 " + Topics + " " + UserData + " " + Owned)]
    [InlineData(2, "0002 " + Topics + " " + UserData + " " + Owned + " " + Generation)]
    [InlineData(3, "0003 " + Topics + " " + UserData + " " + Owned + " " + Generation + " " + Rack)]
    public void Each_version_writes_only_its_fields(int version, string hex)
    {
        AssertBytes(hex, Sample.Encode((short)version));
    }

    [Theory]
    [InlineData(0, "v0 topics=[t1,t2] data=AB owned=[] gen=-1 rack=<null>")]
    [InlineData(1, "v1 topics=[t1,t2] data=AB owned=[t1-0,t1-2,t2-1] gen=-1 rack=<null>")]
    [InlineData(2, "v2 topics=[t1,t2] data=AB owned=[t1-0,t1-2,t2-1] gen=7 rack=<null>")]
    [InlineData(3, "v3 topics=[t1,t2] data=AB owned=[t1-0,t1-2,t2-1] gen=7 rack=r1")]
    public void Each_version_reads_back_with_defaults_for_the_fields_it_lacks(int version, string expected)
    {
        Assert.Equal(expected, Describe(ConsumerSubscription.Decode(Sample.Encode((short)version))));
    }

    [Fact]
    public void Missing_user_data_is_written_as_empty_bytes_never_null_because_kafka_0_9_cannot_read_null()
    {
        var subscription = new ConsumerSubscription(["t1"]);
        AssertBytes("0003 00000001 0002 7431 00000000 00000000 FFFFFFFF FFFF", subscription.Encode());
        AssertBytes("0000 00000001 0002 7431 00000000", subscription.Encode(0));
    }

    [Fact]
    public void Null_user_data_and_a_null_rack_read_as_empty_and_null()
    {
        var decoded = ConsumerSubscription.Decode(Hex("0003 00000001 0002 7431 FFFFFFFF FFFFFFFF 00000003 FFFF"));
        Assert.Equal("v3 topics=[t1] data= owned=[] gen=3 rack=<null>", Describe(decoded));
    }

    [Fact]
    public void Owned_partitions_are_grouped_by_topic_in_first_appearance_order()
    {
        var subscription = new ConsumerSubscription(["t2", "t1"], ownedPartitions: [new("t2", 5), new("t1", 1), new("t2", 3)]);
        AssertBytes("0001 00000002 0002 7432 0002 7431 00000000 00000002 0002 7432 00000002 00000005 00000003 0002 7431 00000001 00000001",
            subscription.Encode(1));
    }

    [Fact]
    public void A_newer_version_is_read_as_far_as_version_3_and_the_rest_ignored()
    {
        var decoded = ConsumerSubscription.Decode(Hex($"0005 {Topics} {UserData} {Owned} {Generation} {Rack} 00000042 DEADBEEF"));
        Assert.Equal("v5 topics=[t1,t2] data=AB owned=[t1-0,t1-2,t2-1] gen=7 rack=r1", Describe(decoded));
    }

    [Fact]
    public void A_pykafka_member_subscription_reads_as_version_0()
    {
        // pykafka sends {version 0, [topic], b"testuserdata"}.
        var decoded = ConsumerSubscription.Decode(Hex("0000 00000001 0001 74 0000000C 746573747573657264617461"));
        Assert.Equal("v0 topics=[t] data=746573747573657264617461 owned=[] gen=-1 rack=<null>", Describe(decoded));
    }

    [Fact]
    public void A_negative_version_is_a_protocol_error()
    {
        Assert.Throws<KafkaProtocolException>(() => ConsumerSubscription.Decode(Hex($"FFFF {Topics} {UserData}")));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void Versions_sluice_cannot_write_are_refused(int version)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample.Encode((short)version));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_truncation_is_a_protocol_error(int version)
    {
        var bytes = Sample.Encode((short)version);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var prefix = bytes[..cut];
            Assert.Throws<KafkaProtocolException>(() => ConsumerSubscription.Decode(prefix));
        }
    }

    [Fact]
    public void A_topic_count_larger_than_the_bytes_is_a_protocol_error()
    {
        Assert.Throws<KafkaProtocolException>(() => ConsumerSubscription.Decode(Hex("0003 7FFFFFFF 0002 7431")));
    }

    [Fact]
    public void Damaged_subscriptions_decode_or_raise_only_protocol_errors()
    {
        DamagedResponses.AssertDecodeOrReject(Sample.Encode(), b => ConsumerSubscription.Decode(b), seed: 4101, count: 3000, "subscription v3");
        DamagedResponses.AssertDecodeOrReject(Sample.Encode(0), b => ConsumerSubscription.Decode(b), seed: 4102, count: 1000, "subscription v0");
    }

    [Fact]
    public void Random_bytes_decode_or_raise_only_protocol_errors()
    {
        var random = new Random(4103);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 48)];
            random.NextBytes(bytes);
            if (bytes.Length >= 2 && random.Next(2) == 0)
                bytes[0] = 0;
            var failure = Record.Exception(() => ConsumerSubscription.Decode(bytes));
            Assert.True(failure is null or KafkaProtocolException, $"{Convert.ToHexString(bytes)}: {failure}");
        }
    }
}
