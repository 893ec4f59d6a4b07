using System.Text;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

public sealed class Crc32CTests
{
    [Fact]
    public void Check_value_of_123456789_is_E3069283()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Empty_input_has_crc_zero()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void Every_length_around_the_8_byte_chunks_matches_a_bitwise_reference()
    {
        var data = new byte[67];
        new Random(42).NextBytes(data);
        for (var length = 0; length <= data.Length; length++)
            Assert.Equal(ReferenceCrc.Crc32C(data.AsSpan(0, length)), Crc32C.Compute(data.AsSpan(0, length)));
    }

    [Fact]
    public void Unaligned_input_gives_the_same_crc()
    {
        var data = new byte[41];
        new Random(7).NextBytes(data);
        for (var start = 0; start < 8; start++)
            Assert.Equal(ReferenceCrc.Crc32C(data.AsSpan(start)), Crc32C.Compute(data.AsSpan(start)));
    }
}
