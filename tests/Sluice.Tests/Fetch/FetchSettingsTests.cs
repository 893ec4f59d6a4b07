using Sluice.Fetch;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Fetch;

public sealed class FetchSettingsTests
{
    [Fact]
    public void Defaults_follow_pykafka_where_it_has_the_setting()
    {
        var defaults = FetchSettings.Default;

        Assert.Equal(1024 * 1024, defaults.FetchMessageMaxBytes);
        Assert.Equal(1, defaults.FetchMinBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(100), defaults.FetchWaitMax);
        Assert.Equal(TimeSpan.FromMilliseconds(500), defaults.FetchErrorBackoff);
        Assert.Equal(16_000, defaults.QueuedMaxMessages);
        Assert.False(defaults.ReleaseFetchedPages);
        Assert.Equal(64L * 1024 * 1024, defaults.QueuedMaxBytes);
        Assert.Equal(OffsetReset.Earliest, defaults.AutoOffsetReset);
        Assert.False(defaults.CompactedTopic);
        Assert.Equal(IsolationLevel.ReadUncommitted, defaults.IsolationLevel);
        Assert.True(defaults.CheckCrcs);
    }

    [Fact]
    public void With_copies_leave_the_original_alone()
    {
        var changed = FetchSettings.Default.WithQueuedMaxMessages(10).WithFetchWaitMax(TimeSpan.Zero).WithAutoOffsetReset(OffsetReset.Latest);

        Assert.Equal(10, changed.QueuedMaxMessages);
        Assert.Equal(TimeSpan.Zero, changed.FetchWaitMax);
        Assert.Equal(OffsetReset.Latest, changed.AutoOffsetReset);
        Assert.Equal(16_000, FetchSettings.Default.QueuedMaxMessages);
        Assert.True(FetchSettings.Default.WithReleaseFetchedPages(true).ReleaseFetchedPages);
        Assert.False(FetchSettings.Default.ReleaseFetchedPages);
        Assert.Equal(5L * 1024 * 1024 * 1024, FetchSettings.Default.WithQueuedMaxBytes(5L * 1024 * 1024 * 1024).QueuedMaxBytes);
    }

    public static TheoryData<Func<FetchSettings>, string> InvalidSettings() => new()
    {
        { () => FetchSettings.Default with { FetchMessageMaxBytes = 0 }, nameof(FetchSettings.FetchMessageMaxBytes) },
        { () => FetchSettings.Default with { FetchMessageMaxBytesLimit = -1 }, nameof(FetchSettings.FetchMessageMaxBytesLimit) },
        { () => FetchSettings.Default with { FetchMaxBytes = 0 }, nameof(FetchSettings.FetchMaxBytes) },
        { () => FetchSettings.Default.WithFetchMinBytes(0), nameof(FetchSettings.FetchMinBytes) },
        { () => FetchSettings.Default.WithFetchWaitMax(TimeSpan.FromMilliseconds(-1)), nameof(FetchSettings.FetchWaitMax) },
        { () => FetchSettings.Default with { FetchErrorBackoff = TimeSpan.FromTicks(-1) }, nameof(FetchSettings.FetchErrorBackoff) },
        { () => FetchSettings.Default.WithQueuedMaxMessages(0), nameof(FetchSettings.QueuedMaxMessages) },
        { () => FetchSettings.Default.WithQueuedMaxBytes(0), nameof(FetchSettings.QueuedMaxBytes) },
        { () => FetchSettings.Default with { ReconnectBackoff = TimeSpan.Zero }, nameof(FetchSettings.ReconnectBackoff) },
        { () => FetchSettings.Default with { ReconnectBackoffMax = TimeSpan.Zero }, nameof(FetchSettings.ReconnectBackoffMax) },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void An_invalid_value_is_refused_naming_the_setting(Func<FetchSettings> make, string setting)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(make);

        Assert.Equal(setting, error.ParamName);
        Assert.Contains(setting, error.Message);
    }

    [Fact]
    public void Connection_settings_cannot_be_null() =>
        Assert.Throws<ArgumentNullException>(() => FetchSettings.Default.WithConnection(null!));
}
