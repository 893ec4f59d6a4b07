using Sluice.Fetch;
using Xunit;

namespace Sluice.Tests.Fetch;

public sealed class StartPositionTests
{
    [Fact]
    public void An_offset_is_the_next_offset_to_read()
    {
        var position = StartPosition.AtOffset(42);

        Assert.Equal(StartPositionKind.Offset, position.Kind);
        Assert.Equal(42, position.Value);
        Assert.Equal("42", position.ToString());
    }

    [Fact]
    public void Negative_offsets_and_times_are_refused_instead_of_meaning_earliest_or_latest()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StartPosition.AtOffset(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StartPosition.AtOffset(-2));
        Assert.Throws<ArgumentOutOfRangeException>(() => StartPosition.AtTimestamp(-1));
    }

    [Fact]
    public void The_reset_policy_names_a_position()
    {
        Assert.Equal(StartPosition.Earliest, StartPosition.From(OffsetReset.Earliest));
        Assert.Equal(StartPosition.Latest, StartPosition.From(OffsetReset.Latest));
        Assert.NotEqual(StartPosition.Earliest, StartPosition.Latest);
        Assert.Equal("time 1700000000000", StartPosition.AtTimestamp(1_700_000_000_000).ToString());
    }
}
