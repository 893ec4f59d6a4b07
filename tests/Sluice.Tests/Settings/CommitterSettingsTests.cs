using Akka.Actor;
using Akka.Configuration;
using Sluice.Settings;
using Xunit;

namespace Sluice.Tests.Settings;

public sealed class CommitterSettingsTests
{
    [Fact]
    public void Defaults_are_alpakkas_committer_defaults()
    {
        var d = CommitterSettings.Default;

        Assert.Equal(1000, d.MaxBatch);
        Assert.Equal(TimeSpan.FromSeconds(10), d.MaxInterval);
        Assert.Equal(100, d.Parallelism);
    }

    [Fact]
    public void The_reference_configuration_and_the_code_defaults_agree()
    {
        SettingsAssert.SameValues(CommitterSettings.Default, CommitterSettings.Create(Config.Empty));
    }

    [Fact]
    public void Values_from_hocon_override_the_defaults()
    {
        var settings = CommitterSettings.Create(ConfigurationFactory.ParseString("sluice.committer { max-batch = 50, max-interval = 750ms, parallelism = 4 }"));

        Assert.Equal(50, settings.MaxBatch);
        Assert.Equal(TimeSpan.FromMilliseconds(750), settings.MaxInterval);
        Assert.Equal(4, settings.Parallelism);
    }

    [Fact]
    public void One_key_set_keeps_the_reference_defaults_for_the_others()
    {
        var settings = CommitterSettings.Create(ConfigurationFactory.ParseString("sluice.committer.parallelism = 1"));

        Assert.Equal(1, settings.Parallelism);
        Assert.Equal(CommitterSettings.Default.MaxBatch, settings.MaxBatch);
        Assert.Equal(CommitterSettings.Default.MaxInterval, settings.MaxInterval);
    }

    [Theory]
    [InlineData("max-batch = 0", "sluice.committer.max-batch", "1 or more")]
    [InlineData("max-batch = lots", "sluice.committer.max-batch", "1 or more")]
    [InlineData("max-interval = 0s", "sluice.committer.max-interval", "positive duration")]
    [InlineData("max-interval = infinite", "sluice.committer.max-interval", "positive duration")]
    [InlineData("parallelism = -2", "sluice.committer.parallelism", "1 or more")]
    public void An_invalid_value_is_refused_naming_the_key_and_what_it_accepts(string line, string key, string accepted)
    {
        var failure = Assert.Throws<SettingsException>(() => CommitterSettings.Create(ConfigurationFactory.ParseString($"sluice.committer {{ {line} }}")));

        Assert.Equal(key, failure.Key);
        Assert.Contains(key, failure.Message);
        Assert.Contains(accepted, failure.Message);
    }

    [Fact]
    public void An_unknown_key_is_refused_suggesting_the_key_meant_and_listing_the_accepted_ones()
    {
        var failure = Assert.Throws<SettingsException>(() => CommitterSettings.Create(ConfigurationFactory.ParseString("sluice.committer.max-batches = 10")));

        Assert.Equal("sluice.committer.max-batches", failure.Key);
        Assert.Contains("did you mean sluice.committer.max-batch?", failure.Message);
        Assert.Contains("sluice.committer accepts only max-batch, max-interval, parallelism", failure.Message);
    }

    public static TheoryData<Func<CommitterSettings>, string> Invalid() => new()
    {
        { () => CommitterSettings.Default.WithMaxBatch(0), nameof(CommitterSettings.MaxBatch) },
        { () => CommitterSettings.Default.WithMaxInterval(TimeSpan.Zero), nameof(CommitterSettings.MaxInterval) },
        { () => CommitterSettings.Default.WithMaxInterval(TimeSpan.FromSeconds(-1)), nameof(CommitterSettings.MaxInterval) },
        { () => CommitterSettings.Default with { Parallelism = 0 }, nameof(CommitterSettings.Parallelism) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_value_in_code_is_refused_naming_the_setting_and_range(Func<CommitterSettings> make, string setting)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(make);

        Assert.Equal(setting, error.ParamName);
        Assert.Contains(setting, error.Message);
    }

    [Fact]
    public void The_with_copies_change_one_setting_each()
    {
        var settings = CommitterSettings.Default.WithMaxBatch(7).WithMaxInterval(TimeSpan.FromSeconds(2)).WithParallelism(3);

        Assert.Equal(new CommitterSettings { MaxBatch = 7, MaxInterval = TimeSpan.FromSeconds(2), Parallelism = 3 }, settings);
        Assert.Equal(1000, CommitterSettings.Default.MaxBatch);
    }

    [Fact]
    public void Settings_come_from_the_actor_systems_configuration()
    {
        using var system = ActorSystem.Create("committer-settings", "sluice.committer.max-batch = 12");

        Assert.Equal(12, CommitterSettings.Create(system).MaxBatch);
    }
}
