using Akka.Actor;
using Akka.Configuration;
using Sluice.Fetch;
using Sluice.Protocol.Records;

namespace Sluice.Settings;

public sealed partial record ConsumerSettings
{
    /// <summary>The HOCON path of the consumer settings.</summary>
    public const string ConfigPath = "sluice.consumer";

    private static readonly Lazy<Config> ReferenceConfig = new(LoadReference);

    /// <summary>Sluice's reference configuration (<c>hocon/reference.conf</c>, embedded in the assembly).</summary>
    public static Config Reference => ReferenceConfig.Value;

    /// <summary>Settings from the actor system's configuration under <c>sluice.consumer</c>, over the reference defaults.</summary>
    public static ConsumerSettings Create(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Create(system.Settings.Config);
    }

    /// <summary>
    /// Settings from <paramref name="config"/> under <c>sluice.consumer</c>, over the reference defaults. A missing or
    /// invalid value raises <see cref="SettingsException"/> naming the key and what it accepts.
    /// </summary>
    public static ConsumerSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = config.WithFallback(Reference).GetConfig(ConfigPath);
        var s = Default;
        s = Read(c, "bootstrap-servers", "a host:port list", k => s with { BootstrapServers = c.GetString(k) });
        s = Read(c, "group-id", "a group name", k => s with { GroupId = c.GetString(k) });
        s = Read(c, "topics", "a list of topic names", k => s with { Topics = c.GetStringList(k).ToArray() });
        s = Read(c, "client-id", "a client name", k => s with { ClientId = c.GetString(k) });
        s = Read(c, "fetch-message-max-bytes", "a whole number of bytes, 1 or more", k => s with { FetchMessageMaxBytes = c.GetInt(k) });
        s = Read(c, "num-consumer-fetchers", "a whole number, 1 or more", k => s with { NumConsumerFetchers = c.GetInt(k) });
        s = Read(c, "auto-commit-enable", "on or off", k => s with { AutoCommitEnable = c.GetBoolean(k) });
        s = Read(c, "auto-commit-interval", "a positive duration such as 5s", k => s with { AutoCommitInterval = Duration(c, k) });
        s = Read(c, "queued-max-messages", "a whole number, 1 or more", k => s with { QueuedMaxMessages = c.GetInt(k) });
        s = Read(c, "fetch-min-bytes", "a whole number of bytes, 1 or more", k => s with { FetchMinBytes = c.GetInt(k) });
        s = Read(c, "fetch-error-backoff", "a duration, 0 or more", k => s with { FetchErrorBackoff = Duration(c, k) });
        s = Read(c, "fetch-wait-max", "a duration, 0 or more", k => s with { FetchWaitMax = Duration(c, k) });
        s = Read(c, "offsets-channel-backoff", "a positive duration", k => s with { OffsetsChannelBackoff = Duration(c, k) });
        s = Read(c, "offsets-commit-max-retries", "a whole number, 0 or more", k => s with { OffsetsCommitMaxRetries = c.GetInt(k) });
        s = Read(c, "auto-offset-reset", "earliest or latest", k => s with { AutoOffsetReset = Choice<OffsetReset>(c.GetString(k), ("earliest", OffsetReset.Earliest), ("latest", OffsetReset.Latest)) });
        s = Read(c, "consumer-timeout", "a duration, 0 or more, or infinite", k => s with { ConsumerTimeout = c.GetString(k) is "infinite" or "inf" ? null : Duration(c, k) });
        s = Read(c, "rebalance-max-retries", "a whole number, 1 or more", k => s with { RebalanceMaxRetries = c.GetInt(k) });
        s = Read(c, "rebalance-backoff", "a positive duration", k => s with { RebalanceBackoff = Duration(c, k) });
        s = Read(c, "auto-start", "on or off", k => s with { AutoStart = c.GetBoolean(k) });
        s = Read(c, "reset-offset-on-start", "on or off", k => s with { ResetOffsetOnStart = c.GetBoolean(k) });
        s = Read(c, "compacted-topic", "on or off", k => s with { CompactedTopic = c.GetBoolean(k) });
        s = Read(c, "heartbeat-interval", "a positive duration", k => s with { HeartbeatInterval = Duration(c, k) });
        s = Read(c, "assignment-strategies", "a list of range, roundrobin, sticky, cooperative-sticky or custom names", k => s with { AssignmentStrategies = c.GetStringList(k).ToArray() });
        s = Read(c, "reset-offset-on-fetch", "on or off", k => s with { ResetOffsetOnFetch = c.GetBoolean(k) });
        s = Read(c, "session-timeout", "a positive duration", k => s with { SessionTimeout = Duration(c, k) });
        s = Read(c, "rebalance-timeout", "a positive duration", k => s with { RebalanceTimeout = Duration(c, k) });
        s = Read(c, "isolation-level", "read_uncommitted or read_committed", k => s with { IsolationLevel = Choice<IsolationLevel>(c.GetString(k), ("read_uncommitted", IsolationLevel.ReadUncommitted), ("read_committed", IsolationLevel.ReadCommitted)) });
        s = Read(c, "group-instance-id", "an id, or empty for a dynamic member", k => s with { GroupInstanceId = string.IsNullOrEmpty(c.GetString(k)) ? null : c.GetString(k) });
        s = Read(c, "max-poll-records", "a whole number, 1 or more", k => s with { MaxPollRecords = c.GetInt(k) });
        s = Read(c, "stop-timeout", "a duration, 0 or more", k => s with { StopTimeout = Duration(c, k) });
        return s;
    }

    private static ConsumerSettings Read(Config config, string key, string accepted, Func<string, ConsumerSettings> apply)
    {
        if (!config.HasPath(key))
            throw new SettingsException($"{ConfigPath}.{key}", "is missing", accepted);
        try
        {
            return apply(key);
        }
        catch (Exception e) when (e is not SettingsException)
        {
            throw new SettingsException($"{ConfigPath}.{key}", $"is invalid ({e.Message.Split(Environment.NewLine)[0]})", accepted, e);
        }
    }

    private static TimeSpan Duration(Config config, string key) => config.GetTimeSpan(key, null, allowInfinite: false);

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
