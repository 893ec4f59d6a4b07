using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

public sealed class RecordDecodeOptionsTests
{
    [Fact]
    public void Defaults_check_crcs_fail_on_corruption_read_uncommitted_and_cap_at_256_mib()
    {
        var options = RecordDecodeOptions.Default;

        Assert.True(options.CheckCrcs);
        Assert.False(options.SkipCorruptBatches);
        Assert.Equal(IsolationLevel.ReadUncommitted, options.IsolationLevel);
        Assert.Equal(256 * 1024 * 1024, options.MaxDecompressedBatchBytes);
        Assert.Equal(new RecordDecodeOptions(), options);
    }

    [Fact]
    public void With_methods_copy_and_leave_the_original_alone()
    {
        var changed = RecordDecodeOptions.Default
            .WithCheckCrcs(false)
            .WithSkipCorruptBatches(true)
            .WithIsolationLevel(IsolationLevel.ReadCommitted)
            .WithMaxDecompressedBatchBytes(1024);

        Assert.Equal((false, true, IsolationLevel.ReadCommitted, 1024),
            (changed.CheckCrcs, changed.SkipCorruptBatches, changed.IsolationLevel, changed.MaxDecompressedBatchBytes));
        Assert.True(RecordDecodeOptions.Default.CheckCrcs);
        Assert.Equal(IsolationLevel.ReadUncommitted, RecordDecodeOptions.Default.IsolationLevel);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_positive_decompression_cap_is_refused_by_name(int bytes)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RecordDecodeOptions.Default.WithMaxDecompressedBatchBytes(bytes));
        Assert.Equal("MaxDecompressedBatchBytes", error.ParamName);
    }

    [Fact]
    public void Undefined_isolation_level_is_refused_by_name()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => RecordDecodeOptions.Default.WithIsolationLevel((IsolationLevel)2));
        Assert.Equal("IsolationLevel", error.ParamName);
    }

    [Fact]
    public void Isolation_levels_are_the_fetch_wire_values()
    {
        Assert.Equal([0, 1], Enum.GetValues<IsolationLevel>().Select(l => (int)l));
        Assert.Equal([-1, 0, 1], Enum.GetValues<TimestampType>().Select(t => (int)t).Order());
    }

    [Fact]
    public void Decode_refuses_missing_arguments_and_a_negative_fetch_offset()
    {
        var output = new List<ConsumedRecord>();
        Assert.Throws<ArgumentNullException>(() => RecordSetDecoder.Decode([], null!, 0, 0, RecordDecodeOptions.Default, null, output));
        Assert.Throws<ArgumentNullException>(() => RecordSetDecoder.Decode([], "t", 0, 0, null!, null, output));
        Assert.Throws<ArgumentNullException>(() => RecordSetDecoder.Decode([], "t", 0, 0, RecordDecodeOptions.Default, null, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => RecordSetDecoder.Decode([], "t", 0, -1, RecordDecodeOptions.Default, null, output));
    }
}
