using Sluice.Protocol;
using Sluice.Protocol.Consumer;
using Sluice.Tests.Protocol.Messages;
using Xunit;
using static Sluice.Tests.Protocol.Primitives.PrimitiveTestKit;

namespace Sluice.Tests.Protocol.Consumer;

// Layout (ConsumerProtocolAssignment.json): Version int16, AssignedPartitions [Topic string, Partitions [int32]],
//   UserData nullable bytes; versions 0-3 are identical. "t1" = 7431, "t2" = 7432.
public sealed class ConsumerAssignmentTests
{
    private const string Partitions = "00000002 0002 7431 00000002 00000000 00000002 0002 7432 00000001 00000001";

    private static readonly ConsumerAssignment Sample = new([new("t1", 0), new("t1", 2), new("t2", 1)], new byte[] { 0x01, 0x02 });

    private static string Describe(ConsumerAssignment a) =>
        $"v{a.Version} [{string.Join(",", a.Partitions)}] data={Convert.ToHexString(a.UserData.Span)}";

    [Fact]
    public void Version_3_is_written_by_default_as_java_does()
    {
        AssertBytes($"0003 {Partitions} 00000002 0102", Sample.Encode());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_version_has_the_same_fields_and_reads_back(int version)
    {
        var bytes = Sample.Encode((short)version);
        AssertBytes($"000{version} {Partitions} 00000002 0102", bytes);
        Assert.Equal($"v{version} [t1-0,t1-2,t2-1] data=0102", Describe(ConsumerAssignment.Decode(bytes)));
    }

    [Fact]
    public void No_user_data_is_written_as_empty_bytes_never_null_because_kafka_0_9_cannot_read_null()
    {
        AssertBytes("0003 00000000 00000000", ConsumerAssignment.Empty.Encode());
        AssertBytes("0000 00000001 0002 7431 00000001 00000004 00000000", new ConsumerAssignment([new("t1", 4)]).Encode(0));
    }

    [Fact]
    public void Partitions_are_grouped_by_topic_in_first_appearance_order()
    {
        var interleaved = new ConsumerAssignment([new("t1", 0), new("t2", 1), new("t1", 2)]);
        AssertBytes($"0003 {Partitions} 00000000", interleaved.Encode());
    }

    [Fact]
    public void A_librdkafka_version_0_assignment_with_null_user_data_reads()
    {
        Assert.Equal("v0 [t1-0] data=", Describe(ConsumerAssignment.Decode(Hex("0000 00000001 0002 7431 00000001 00000000 FFFFFFFF"))));
    }

    [Fact]
    public void A_pykafka_assignment_without_a_user_data_field_reads_as_empty_user_data()
    {
        Assert.Equal("v1 [t-0,t-3] data=", Describe(ConsumerAssignment.Decode(Hex("0001 00000001 0001 74 00000002 00000000 00000003"))));
    }

    [Fact]
    public void Zero_bytes_from_the_coordinator_mean_nothing_assigned()
    {
        var empty = ConsumerAssignment.Decode([]);
        Assert.Empty(empty.Partitions);
        Assert.Equal(0, empty.UserData.Length);
    }

    [Fact]
    public void A_newer_version_is_read_as_far_as_sluice_knows_it()
    {
        Assert.Equal("v9 [t1-0,t1-2,t2-1] data=0102", Describe(ConsumerAssignment.Decode(Hex($"0009 {Partitions} 00000002 0102 CAFE"))));
    }

    [Fact]
    public void A_negative_version_is_a_protocol_error()
    {
        Assert.Throws<KafkaProtocolException>(() => ConsumerAssignment.Decode(Hex($"8000 {Partitions} 00000000")));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void Versions_sluice_cannot_write_are_refused(int version)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Sample.Encode((short)version));
    }

    [Fact]
    public void Every_truncation_is_a_protocol_error_except_the_ends_that_are_valid_on_their_own()
    {
        var bytes = Sample.Encode();
        var afterPartitions = Hex($"0003 {Partitions}").Length;
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            var prefix = bytes[..cut];
            if (cut == afterPartitions)
                Assert.Equal("v3 [t1-0,t1-2,t2-1] data=", Describe(ConsumerAssignment.Decode(prefix)));
            else
                Assert.Throws<KafkaProtocolException>(() => ConsumerAssignment.Decode(prefix));
        }
    }

    [Fact]
    public void Damaged_assignments_decode_or_raise_only_protocol_errors()
    {
        DamagedResponses.AssertDecodeOrReject(Sample.Encode(), b => ConsumerAssignment.Decode(b), seed: 4201, count: 3000, "assignment");
    }

    [Fact]
    public void Random_bytes_decode_or_raise_only_protocol_errors()
    {
        var random = new Random(4202);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            if (bytes.Length >= 6 && random.Next(2) == 0)
                bytes[2] = bytes[3] = bytes[4] = 0;
            var failure = Record.Exception(() => ConsumerAssignment.Decode(bytes));
            Assert.True(failure is null or KafkaProtocolException, $"{Convert.ToHexString(bytes)}: {failure}");
        }
    }
}
