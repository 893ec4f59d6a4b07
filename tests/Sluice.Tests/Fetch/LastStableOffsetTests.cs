using Sluice.Fetch;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Fetch;

public sealed class LastStableOffsetTests
{
    private static List<ConsumedRecord> Records(params long[] offsets) =>
        offsets.Select(o => new ConsumedRecord("t", 0, o, 0, TimestampType.CreateTime, null, [1], [], -1)).ToList();

    [Fact]
    public void Read_committed_delivers_nothing_at_or_past_the_last_stable_offset_and_fetches_there_next()
    {
        var records = Records(10, 11, 12, 13);

        var next = LastStableOffset.Cap(records, nextOffset: 14, lastStableOffset: 12, IsolationLevel.ReadCommitted);

        Assert.Equal(12, next);
        Assert.Equal([10, 11], records.Select(r => r.Offset));
    }

    [Fact]
    public void Read_uncommitted_ignores_the_last_stable_offset()
    {
        var records = Records(10, 11, 12, 13);

        Assert.Equal(14, LastStableOffset.Cap(records, 14, 12, IsolationLevel.ReadUncommitted));
        Assert.Equal(4, records.Count);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(14L)]
    [InlineData(20L)]
    public void An_unknown_or_later_last_stable_offset_changes_nothing(long lastStableOffset)
    {
        var records = Records(10, 11, 12, 13);

        Assert.Equal(14, LastStableOffset.Cap(records, 14, lastStableOffset, IsolationLevel.ReadCommitted));
        Assert.Equal(4, records.Count);
    }
}
