using Akka.Configuration;
using Sluice.Fetch;
using Sluice.Protocol.Records;
using Sluice.Settings;

namespace Sluice.Hosting;

/// <summary>
/// The settings of one named consumer, for <see cref="AkkaSluiceHostingExtensions.WithSluiceConsumer{TKey}(Akka.Hosting.AkkaConfigurationBuilder, string, SluiceConsumerOptions)"/>.
/// Only the properties you set are written, under <c>sluice.consumers.&lt;name&gt;</c>; the others keep the value from
/// <c>sluice.consumer</c> in your HOCON or from Sluice's reference configuration (the defaults stated here).
/// </summary>
public sealed class SluiceConsumerOptions
{
    /// <summary>Comma-separated <c>host:port</c> list of brokers to start from (<c>bootstrap-servers</c>). Default: "localhost:9092".</summary>
    public string? BootstrapServers { get; set; }

    /// <summary>The consumer group (<c>group-id</c>). Default: "sluice".</summary>
    public string? GroupId { get; set; }

    /// <summary>The topics the member subscribes to, at least one (<c>topics</c>). Default: ["sluice"].</summary>
    public IReadOnlyList<string>? Topics { get; set; }

    /// <summary>A regular expression that replaces <see cref="Topics"/>: every topic whose whole name matches
    /// (<c>topic-pattern</c>). Default: none.</summary>
    public string? TopicPattern { get; set; }

    /// <summary>Sent in every request header (<c>client-id</c>). Default: "sluice".</summary>
    public string? ClientId { get; set; }

    /// <summary>Bytes per partition in each Fetch (<c>fetch-message-max-bytes</c>). Default: 1048576 (1 MiB).</summary>
    public int? FetchMessageMaxBytes { get; set; }

    /// <summary>How many brokers are fetched from at once (<c>num-consumer-fetchers</c>). Default: 1024.</summary>
    public int? NumConsumerFetchers { get; set; }

    /// <summary>Commit processed offsets every <see cref="AutoCommitInterval"/> and on stop (<c>auto-commit-enable</c>). Default: false.</summary>
    public bool? AutoCommitEnable { get; set; }

    /// <summary>Time between automatic commits (<c>auto-commit-interval</c>). Default: 60 s.</summary>
    public TimeSpan? AutoCommitInterval { get; set; }

    /// <summary>Records buffered per partition before it is left out of fetches (<c>queued-max-messages</c>). Default: 16000.</summary>
    public int? QueuedMaxMessages { get; set; }

    /// <summary>Bytes of fetched records buffered, all partitions together; each partition's share lowers its record
    /// bound for large records (<c>queued-max-bytes</c>). Default: 64 MiB.</summary>
    public long? QueuedMaxBytes { get; set; }

    /// <summary>Give the memory pages of fetched records back to the system as the records are taken, for answers
    /// under 256 KiB, Linux only (<c>release-fetched-pages</c>). Default: false.</summary>
    public bool? ReleaseFetchedPages { get; set; }

    /// <summary>Bytes the broker waits for before answering a Fetch (<c>fetch-min-bytes</c>). Default: 1.</summary>
    public int? FetchMinBytes { get; set; }

    /// <summary>Pause before a partition whose fetch failed is tried again (<c>fetch-error-backoff</c>). Default: 500 ms.</summary>
    public TimeSpan? FetchErrorBackoff { get; set; }

    /// <summary>How long the broker may hold a Fetch (<c>fetch-wait-max</c>). Default: 100 ms.</summary>
    public TimeSpan? FetchWaitMax { get; set; }

    /// <summary>Backoff unit between offset commit and offset fetch retries (<c>offsets-channel-backoff</c>). Default: 1 s.</summary>
    public TimeSpan? OffsetsChannelBackoff { get; set; }

    /// <summary>Retries of a failed commit before the failure is reported (<c>offsets-commit-max-retries</c>). Default: 5.</summary>
    public int? OffsetsCommitMaxRetries { get; set; }

    /// <summary>Where to start without a committed offset or when out of range (<c>auto-offset-reset</c>). Default: <see cref="OffsetReset.Earliest"/>.</summary>
    public OffsetReset? AutoOffsetReset { get; set; }

    /// <summary>How long a blocking consume waits for a record (<c>consumer-timeout</c>); <see cref="Timeout.InfiniteTimeSpan"/>
    /// waits for ever. Default: for ever.</summary>
    public TimeSpan? ConsumerTimeout { get; set; }

    /// <summary>Join attempts in a row before the member fails (<c>rebalance-max-retries</c>). Default: 5.</summary>
    public int? RebalanceMaxRetries { get; set; }

    /// <summary>Wait between join attempts, times the attempt number (<c>rebalance-backoff</c>). Default: 2 s.</summary>
    public TimeSpan? RebalanceBackoff { get; set; }

    /// <summary>Join the group when the consumer is created (<c>auto-start</c>). Default: true.</summary>
    public bool? AutoStart { get; set; }

    /// <summary>On the first assignment, ignore committed offsets and start at <see cref="AutoOffsetReset"/>
    /// (<c>reset-offset-on-start</c>). Default: false.</summary>
    public bool? ResetOffsetOnStart { get; set; }

    /// <summary>Offset gaps are expected (<c>compacted-topic</c>). Default: false.</summary>
    public bool? CompactedTopic { get; set; }

    /// <summary>Time between heartbeats (<c>heartbeat-interval</c>). Default: 3 s.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>Assignment strategies in order of preference: range, roundrobin, sticky, cooperative-sticky or a custom
    /// assignor's name (<c>assignment-strategies</c>). Default: ["range"].</summary>
    public IReadOnlyList<string>? AssignmentStrategies { get; set; }

    /// <summary>Apply committed offsets when partitions are assigned; false is read-only mode (<c>reset-offset-on-fetch</c>). Default: true.</summary>
    public bool? ResetOffsetOnFetch { get; set; }

    /// <summary>How long the coordinator waits for a heartbeat before evicting the member (<c>session-timeout</c>). Default: 30 s.</summary>
    public TimeSpan? SessionTimeout { get; set; }

    /// <summary>How long the coordinator waits for every member to rejoin during a rebalance (<c>rebalance-timeout</c>). Default: 60 s.</summary>
    public TimeSpan? RebalanceTimeout { get; set; }

    /// <summary>Whether records of aborted transactions are filtered out (<c>isolation-level</c>). Default: <see cref="IsolationLevel.ReadUncommitted"/>.</summary>
    public IsolationLevel? IsolationLevel { get; set; }

    /// <summary>Static membership id (<c>group-instance-id</c>); the empty string makes a dynamic member. Default: dynamic.</summary>
    public string? GroupInstanceId { get; set; }

    /// <summary>Most records one poll hands to the application (<c>max-poll-records</c>). Default: 500.</summary>
    public int? MaxPollRecords { get; set; }

    /// <summary>How long a member whose stream stopped keeps its partitions and commits before leaving the group
    /// (<c>stop-timeout</c>). Default: 30 s.</summary>
    public TimeSpan? StopTimeout { get; set; }

    /// <summary>How often the group's leader looks for partitions added to the subscribed topics
    /// (<c>metadata-max-age</c>). Default: 5 min.</summary>
    public TimeSpan? MetadataMaxAge { get; set; }

    /// <summary>How the consumer talks to each broker (the <c>connection</c> block).</summary>
    public SluiceConnectionOptions Connection { get; set; } = new();

    /// <summary>The properties that are set, as HOCON under <c>sluice.consumers.&lt;name&gt;</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid consumer name
    /// (<see cref="ConsumerSettings.IsValidName"/>).</exception>
    public Config ToConfig(string name)
    {
        if (!ConsumerSettings.IsValidName(name))
            throw new ArgumentException($"'{name}' cannot name a consumer: use letters, digits, '-' and '_'.", nameof(name));

        var hocon = new HoconWriter();
        hocon.Open($"{ConsumerSettings.ConsumersPath}.\"{name}\"");
        hocon.Add("bootstrap-servers", BootstrapServers);
        hocon.Add("group-id", GroupId);
        hocon.Add("topics", Topics);
        hocon.Add("topic-pattern", TopicPattern);
        hocon.Add("client-id", ClientId);
        hocon.Add("fetch-message-max-bytes", FetchMessageMaxBytes);
        hocon.Add("num-consumer-fetchers", NumConsumerFetchers);
        hocon.Add("auto-commit-enable", AutoCommitEnable);
        hocon.Add("auto-commit-interval", AutoCommitInterval);
        hocon.Add("queued-max-messages", QueuedMaxMessages);
        hocon.Add("queued-max-bytes", QueuedMaxBytes);
        hocon.Add("release-fetched-pages", ReleaseFetchedPages);
        hocon.Add("fetch-min-bytes", FetchMinBytes);
        hocon.Add("fetch-error-backoff", FetchErrorBackoff);
        hocon.Add("fetch-wait-max", FetchWaitMax);
        hocon.Add("offsets-channel-backoff", OffsetsChannelBackoff);
        hocon.Add("offsets-commit-max-retries", OffsetsCommitMaxRetries);
        hocon.Add("auto-offset-reset", AutoOffsetReset);
        hocon.Add("consumer-timeout", ConsumerTimeout, infiniteAllowed: true);
        hocon.Add("rebalance-max-retries", RebalanceMaxRetries);
        hocon.Add("rebalance-backoff", RebalanceBackoff);
        hocon.Add("auto-start", AutoStart);
        hocon.Add("reset-offset-on-start", ResetOffsetOnStart);
        hocon.Add("compacted-topic", CompactedTopic);
        hocon.Add("heartbeat-interval", HeartbeatInterval);
        hocon.Add("assignment-strategies", AssignmentStrategies);
        hocon.Add("reset-offset-on-fetch", ResetOffsetOnFetch);
        hocon.Add("session-timeout", SessionTimeout);
        hocon.Add("rebalance-timeout", RebalanceTimeout);
        hocon.Add("isolation-level", IsolationLevel);
        hocon.Add("group-instance-id", GroupInstanceId);
        hocon.Add("max-poll-records", MaxPollRecords);
        hocon.Add("stop-timeout", StopTimeout);
        hocon.Add("metadata-max-age", MetadataMaxAge);
        Connection?.WriteTo(hocon);
        hocon.Close();
        return ConfigurationFactory.ParseString(hocon.ToString());
    }
}
