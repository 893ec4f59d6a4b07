using System.Text;
using Sluice.Cli.Producing;
using Xunit;

namespace Sluice.IntegrationTests.Cli;

/// <summary><c>sluice produce --key-prefix</c> places keys where Kafka's own producers do.</summary>
public sealed class KeyPartitionerTests
{
    // Kafka's published murmur2 test vectors (the Java client's partitioner tests).
    [Theory]
    [InlineData("21", -973932308)]
    [InlineData("foobar", -790332482)]
    [InlineData("a-little-bit-long-string", -985981536)]
    [InlineData("a-little-bit-longer-string", -1486304829)]
    [InlineData("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971)]
    [InlineData("abc", 479470107)]
    public void Murmur2_matches_kafkas_hash(string key, int hash) =>
        Assert.Equal(hash, KeyPartitioner.Murmur2(Encoding.ASCII.GetBytes(key)));

    [Fact]
    public void A_key_goes_to_its_positive_hash_modulo_the_partition_count() =>
        Assert.Equal((-973932308 & 0x7fffffff) % 6, KeyPartitioner.PartitionOf("21"u8, 6));
}
