using Akka.Actor;
using Akka.Configuration;
using Sluice.Fetch;
using Sluice.Settings;

namespace Sluice.Benchmarks.Consumers;

/// <summary>
/// The Sluice settings the benchmark runs with. "Defaults" is <see cref="ConsumerSettings.Create(ActorSystem)"/>
/// (the embedded reference.conf) with only bootstrap, group, topic and auto-offset-reset set; "tuned" also raises
/// the three buffer settings by an order of magnitude, so the goal "defaults ≥ 0.9× tuned" can be checked.
/// </summary>
internal static class SluiceProfile
{
    public const int TunedQueuedMaxMessages = 20_000;
    public const int TunedMaxPollRecords = 5_000;
    public const int TunedFetchMessageMaxBytes = 4 * 1024 * 1024;

    /// <summary>How the tuned variant differs from the defaults, for the report.</summary>
    public static string TunedDescription =>
        $"queued-max-messages {TunedQueuedMaxMessages:N0}, max-poll-records {TunedMaxPollRecords:N0}, fetch-message-max-bytes {TunedFetchMessageMaxBytes / 1024 / 1024} MiB";

    /// <summary>The defaults' values of the same settings, for the report.</summary>
    public static string DefaultDescription
    {
        get
        {
            var d = ConsumerSettings.Default;
            return $"queued-max-messages {d.QueuedMaxMessages:N0}, max-poll-records {d.MaxPollRecords:N0}, fetch-message-max-bytes {d.FetchMessageMaxBytes / 1024 / 1024} MiB";
        }
    }

    /// <summary>An actor system that logs warnings and errors only (to stderr, which the harness keeps).</summary>
    public static ActorSystem CreateSystem(string extraHocon = "") => ActorSystem.Create("bench", ConfigurationFactory.ParseString(extraHocon + """

        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """));

    public static ConsumerSettings Settings(ActorSystem system, string bootstrap, string topic, string group, bool tuned)
    {
        var settings = ConsumerSettings.Create(system) with
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            Topics = [topic],
            AutoOffsetReset = OffsetReset.Earliest,
        };
        return tuned
            ? settings with
            {
                QueuedMaxMessages = TunedQueuedMaxMessages,
                MaxPollRecords = TunedMaxPollRecords,
                FetchMessageMaxBytes = TunedFetchMessageMaxBytes,
            }
            : settings;
    }
}
