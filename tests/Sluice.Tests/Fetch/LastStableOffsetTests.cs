using Sluice.Fetch;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Fetch;

public sealed class LastStableOffsetTests
{
    [Fact]
    public void Read_committed_stops_at_the_last_stable_offset_and_fetches_there_next()
    {
        var stop = LastStableOffset.StopOffset(12, IsolationLevel.ReadCommitted);

        Assert.Equal(12, stop);
        Assert.Equal(12, LastStableOffset.Cap(nextOffset: 14, stop));
    }

    [Fact]
    public void Read_uncommitted_ignores_the_last_stable_offset()
    {
        var stop = LastStableOffset.StopOffset(12, IsolationLevel.ReadUncommitted);

        Assert.Equal(long.MaxValue, stop);
        Assert.Equal(14, LastStableOffset.Cap(14, stop));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(14L)]
    [InlineData(20L)]
    public void An_unknown_or_later_last_stable_offset_changes_nothing(long lastStableOffset)
    {
        Assert.Equal(14, LastStableOffset.Cap(14, LastStableOffset.StopOffset(lastStableOffset, IsolationLevel.ReadCommitted)));
    }
}
