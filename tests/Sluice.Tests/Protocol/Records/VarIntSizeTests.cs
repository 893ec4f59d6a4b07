using Sluice.Protocol;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

public sealed class VarIntSizeTests
{
    public static TheoryData<long> Values => new()
    {
        0, 1, -1, 63, -64, 64, -65, 8191, -8192, 8192, 1_000_000, int.MaxValue, int.MinValue,
        (long)int.MaxValue + 1, long.MaxValue, long.MinValue,
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Computed_size_matches_the_bytes_the_writer_writes(long value)
    {
        using var writer = new KafkaWriter();
        writer.WriteVarLong(value);
        Assert.Equal(writer.Position, VarIntSize.Of(value));

        if (value is >= int.MinValue and <= int.MaxValue)
        {
            writer.Reset();
            writer.WriteVarInt((int)value);
            Assert.Equal(writer.Position, VarIntSize.Of((int)value));
        }
    }
}
