using Akka.Actor;
using Akka.Configuration;
using Sluice.Fetch;
using Sluice.Network;
using Sluice.Protocol.Records;

namespace Sluice.Settings;

public sealed partial record ConsumerSettings
{
    /// <summary>The HOCON path of the consumer settings.</summary>
    public const string ConfigPath = "sluice.consumer";

    /// <summary>The HOCON path under which named consumers (<c>sluice.consumers.&lt;name&gt;</c>) override <see cref="ConfigPath"/>.</summary>
    public const string ConsumersPath = "sluice.consumers";

    private const string ConnectionBlock = "connection";

    private static readonly Lazy<Config> ReferenceConfig = new(LoadReference);

    private static readonly HoconKey<ConsumerSettings>[] Keys =
    [
        new("bootstrap-servers", "a host:port list", (c, k, s) => s with { BootstrapServers = c.GetString(k) }),
        new("group-id", "a group name", (c, k, s) => s with { GroupId = c.GetString(k) }),
        new("topics", "a list of topic names", (c, k, s) => s with { Topics = c.GetStringList(k).ToArray() }),
        new("topic-pattern", "a regular expression, or empty", (c, k, s) => s with { TopicPattern = string.IsNullOrEmpty(c.GetString(k)) ? null : c.GetString(k) }),
        new("client-id", "a client name", (c, k, s) => s with { ClientId = c.GetString(k) }),
        new("fetch-message-max-bytes", "a whole number of bytes, 1 or more", (c, k, s) => s with { FetchMessageMaxBytes = c.GetInt(k) }),
        new("num-consumer-fetchers", "a whole number, 1 or more", (c, k, s) => s with { NumConsumerFetchers = c.GetInt(k) }),
        new("auto-commit-enable", "on or off", (c, k, s) => s with { AutoCommitEnable = c.GetBoolean(k) }),
        new("auto-commit-interval", "a positive duration such as 5s", (c, k, s) => s with { AutoCommitInterval = Duration(c, k) }),
        new("queued-max-messages", "a whole number, 1 or more", (c, k, s) => s with { QueuedMaxMessages = c.GetInt(k) }),
        new("queued-max-bytes", "a whole number of bytes, 1 or more", (c, k, s) => s with { QueuedMaxBytes = c.GetLong(k) }),
        new("release-fetched-pages", "on or off", (c, k, s) => s with { ReleaseFetchedPages = c.GetBoolean(k) }),
        new("fetch-min-bytes", "a whole number of bytes, 1 or more", (c, k, s) => s with { FetchMinBytes = c.GetInt(k) }),
        new("fetch-error-backoff", "a duration, 0 or more", (c, k, s) => s with { FetchErrorBackoff = Duration(c, k) }),
        new("fetch-wait-max", "a duration, 0 or more", (c, k, s) => s with { FetchWaitMax = Duration(c, k) }),
        new("offsets-channel-backoff", "a positive duration", (c, k, s) => s with { OffsetsChannelBackoff = Duration(c, k) }),
        new("offsets-commit-max-retries", "a whole number, 0 or more", (c, k, s) => s with { OffsetsCommitMaxRetries = c.GetInt(k) }),
        new("auto-offset-reset", "earliest or latest", (c, k, s) => s with { AutoOffsetReset = Choice(c.GetString(k), ("earliest", OffsetReset.Earliest), ("latest", OffsetReset.Latest)) }),
        new("consumer-timeout", "a duration, 0 or more, or infinite", (c, k, s) => s with { ConsumerTimeout = c.GetString(k) is "infinite" or "inf" ? null : Duration(c, k) }),
        new("rebalance-max-retries", "a whole number, 1 or more", (c, k, s) => s with { RebalanceMaxRetries = c.GetInt(k) }),
        new("rebalance-backoff", "a positive duration", (c, k, s) => s with { RebalanceBackoff = Duration(c, k) }),
        new("auto-start", "on or off", (c, k, s) => s with { AutoStart = c.GetBoolean(k) }),
        new("reset-offset-on-start", "on or off", (c, k, s) => s with { ResetOffsetOnStart = c.GetBoolean(k) }),
        new("compacted-topic", "on or off", (c, k, s) => s with { CompactedTopic = c.GetBoolean(k) }),
        new("heartbeat-interval", "a positive duration", (c, k, s) => s with { HeartbeatInterval = Duration(c, k) }),
        new("assignment-strategies", "a list of range, roundrobin, sticky, cooperative-sticky or custom names", (c, k, s) => s with { AssignmentStrategies = c.GetStringList(k).ToArray() }),
        new("reset-offset-on-fetch", "on or off", (c, k, s) => s with { ResetOffsetOnFetch = c.GetBoolean(k) }),
        new("session-timeout", "a positive duration", (c, k, s) => s with { SessionTimeout = Duration(c, k) }),
        new("rebalance-timeout", "a positive duration", (c, k, s) => s with { RebalanceTimeout = Duration(c, k) }),
        new("isolation-level", "read_uncommitted or read_committed", (c, k, s) => s with { IsolationLevel = Choice(c.GetString(k), ("read_uncommitted", IsolationLevel.ReadUncommitted), ("read_committed", IsolationLevel.ReadCommitted)) }),
        new("group-instance-id", "an id, or empty for a dynamic member", (c, k, s) => s with { GroupInstanceId = string.IsNullOrEmpty(c.GetString(k)) ? null : c.GetString(k) }),
        new("max-poll-records", "a whole number, 1 or more", (c, k, s) => s with { MaxPollRecords = c.GetInt(k) }),
        new("stop-timeout", "a duration, 0 or more", (c, k, s) => s with { StopTimeout = Duration(c, k) }),
        new("metadata-max-age", "a positive duration", (c, k, s) => s with { MetadataMaxAge = Duration(c, k) }),
    ];

    private static readonly HoconKey<ConnectionSettings>[] ConnectionKeys =
    [
        new("connect-timeout", "a positive duration", (c, k, s) => s with { ConnectTimeout = Duration(c, k) }),
        new("request-timeout", "a positive duration", (c, k, s) => s with { RequestTimeout = Duration(c, k) }),
        new("max-in-flight-requests", "a whole number, 1 or more", (c, k, s) => s with { MaxInFlightRequests = c.GetInt(k) }),
        new("max-response-size", "a whole number of bytes, 1024 or more", (c, k, s) => s with { MaxResponseSize = c.GetInt(k) }),
        new("receive-buffer-bytes", "a whole number of bytes: 0 (the system's) or 1024 or more", (c, k, s) => s with { ReceiveBufferBytes = c.GetInt(k) }),
        new("send-buffer-bytes", "a whole number of bytes: 0 (the system's) or 1024 or more", (c, k, s) => s with { SendBufferBytes = c.GetInt(k) }),
        new("api-versions-request", "on or off", (c, k, s) => s with { ApiVersionsRequest = c.GetBoolean(k) }),
        new("legacy-broker-fallback", "on or off", (c, k, s) => s with { LegacyBrokerFallback = c.GetBoolean(k) }),
        new("legacy-probe-delay", "a positive duration", (c, k, s) => s with { LegacyProbeDelay = Duration(c, k) }),
        new("api-versions-timeout", "a positive duration", (c, k, s) => s with { ApiVersionsTimeout = Duration(c, k) }),
    ];

    /// <summary>Sluice's reference configuration (<c>hocon/reference.conf</c>, embedded in the assembly).</summary>
    public static Config Reference => ReferenceConfig.Value;

    /// <summary>Settings from the actor system's configuration under <c>sluice.consumer</c>, over the reference defaults.</summary>
    public static ConsumerSettings Create(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Create(system.Settings.Config);
    }

    /// <summary>
    /// Settings of the consumer <paramref name="name"/> from the actor system's configuration: <c>sluice.consumers.&lt;name&gt;</c>,
    /// then <c>sluice.consumer</c>, then the reference defaults.
    /// </summary>
    public static ConsumerSettings Create(ActorSystem system, string name)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Create(system.Settings.Config, name);
    }

    /// <summary>
    /// Settings from <paramref name="config"/> under <c>sluice.consumer</c>, over the reference defaults. A missing or
    /// invalid value, or a key Sluice does not know, raises <see cref="SettingsException"/> naming the key and what
    /// is accepted.
    /// </summary>
    public static ConsumerSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        SluiceBlocks.Check(config);
        return Read(HoconSection.Open(config.WithFallback(Reference), ConfigPath));
    }

    /// <summary>
    /// Settings of the consumer <paramref name="name"/> from <paramref name="config"/>: each key from
    /// <c>sluice.consumers.&lt;name&gt;</c> if set there, else from <c>sluice.consumer</c>, else the reference default.
    /// Errors are raised as by <see cref="Create(Config)"/> and name the key where it was set.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid name (<see cref="IsValidName"/>).</exception>
    public static ConsumerSettings Create(Config config, string name)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!IsValidName(name))
            throw new ArgumentException($"'{name}' cannot name a consumer: use letters, digits, '-' and '_'.", nameof(name));

        SluiceBlocks.Check(config);
        SluiceBlocks.CheckNamed(config, name);
        return Read(HoconSection.Open(config.WithFallback(Reference), $"{ConsumersPath}.{name}", ConfigPath));
    }

    /// <summary>Whether <paramref name="name"/> can name a consumer under <c>sluice.consumers</c>: one or more
    /// letters, digits, '-' or '_'.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static ConsumerSettings Read(HoconSection section)
    {
        var settings = section.Read(Default, Keys, (ConnectionBlock, ConnectionKeys.Select(k => k.Name).ToArray()));
        var connection = section.Block(ConnectionBlock).Read(ConnectionSettings.Default, ConnectionKeys);
        return settings with { Connection = connection.WithClientId(settings.ClientId) };
    }

    internal static TimeSpan Duration(Config config, string key) => config.GetTimeSpan(key, null, allowInfinite: false);

    private static T Choice<T>(string value, params (string Name, T Value)[] choices)
    {
        foreach (var (name, choice) in choices)
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
                return choice;
        }

        throw new FormatException($"'{value}' is not one of {string.Join(", ", choices.Select(c => c.Name))}");
    }

    private static Config LoadReference()
    {
        using var stream = typeof(ConsumerSettings).Assembly.GetManifestResourceStream("Sluice.reference.conf")
            ?? throw new InvalidOperationException("The Sluice assembly lacks its embedded reference.conf.");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
