using Sluice.Fetch;
using Sluice.Network;
using Sluice.Protocol.Records;
using static Sluice.Settings.SettingGuards;

namespace Sluice.Settings;

/// <summary>
/// Everything a group member is configured with: pykafka's <c>ManagedBalancedConsumer</c> parameters (named in
/// each comment) plus what current Kafka adds. Immutable; change it with the <c>WithX</c> copies or an object
/// initializer. Every value is checked when set, and an invalid one raises <see cref="ArgumentOutOfRangeException"/>
/// naming the setting and the accepted range.
/// </summary>
public sealed partial record ConsumerSettings
{
    /// <summary>The defaults; a group id and topics still have to be given.</summary>
    public static ConsumerSettings Default { get; } = new();

    /// <summary>Comma-separated <c>host:port</c> list of brokers to start from.</summary>
    public string BootstrapServers { get; init => field = NotBlank(value, nameof(BootstrapServers)); } = "localhost:9092";

    /// <summary>The consumer group (pykafka <c>consumer_group</c>).</summary>
    public string GroupId { get; init => field = NotBlank(value, nameof(GroupId)); } = "sluice";

    /// <summary>The topics the member subscribes to (pykafka <c>topic</c>, which allowed one).</summary>
    public IReadOnlyList<string> Topics
    {
        get;
        init => field = value is { Count: > 0 } && value.All(t => !string.IsNullOrWhiteSpace(t))
            ? value.ToArray()
            : throw new ArgumentOutOfRangeException(nameof(Topics), value, $"{nameof(Topics)} needs at least one non-empty topic name.");
    } = ["sluice"];

    /// <summary>
    /// A regular expression (.NET syntax) that replaces <see cref="Topics"/> when set: the member subscribes to every
    /// non-internal topic whose whole name matches, as the cluster has them when it starts and every
    /// <see cref="MetadataMaxAge"/> after (Sluice only; Kafka's <c>subscribe(Pattern)</c>). Null uses <see cref="Topics"/>.
    /// </summary>
    public string? TopicPattern { get; init => field = value is null ? null : ValidPattern(value, nameof(TopicPattern)); }

    /// <summary>Sent in every request header (pykafka used <c>pykafka</c>).</summary>
    public string ClientId { get; init => field = NotBlank(value, nameof(ClientId)); } = "sluice";

    /// <summary>Bytes per partition in each Fetch (pykafka <c>fetch_message_max_bytes</c>, 1 MiB).</summary>
    public int FetchMessageMaxBytes { get; init => field = AtLeast(value, 1, nameof(FetchMessageMaxBytes)); } = 1024 * 1024;

    /// <summary>
    /// How many brokers are fetched from at once (pykafka <c>num_consumer_fetchers</c>, its fetch threads).
    /// Sluice runs one fetcher per broker leading an assigned partition; this bounds how many fetch at once.
    /// </summary>
    public int NumConsumerFetchers { get; init => field = AtLeast(value, 1, nameof(NumConsumerFetchers)); } = 1024;

    /// <summary>Commit processed offsets every <see cref="AutoCommitInterval"/> and on stop (pykafka <c>auto_commit_enable</c>).</summary>
    public bool AutoCommitEnable { get; init; }

    /// <summary>Time between automatic commits (pykafka <c>auto_commit_interval_ms</c>, 60 s).</summary>
    public TimeSpan AutoCommitInterval { get; init => field = Positive(value, nameof(AutoCommitInterval)); } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Records buffered per partition before it is left out of fetches (pykafka <c>queued_max_messages</c>, whose
    /// default is 2000). 16,000 by default: a bound below what one fetch answer holds would leave the partition out of
    /// fetches until its buffer is nearly empty, and the application would wait for the next answer; and a partition
    /// is asked again once half its bound is free, so half the bound is what one request brings, and the broker's
    /// fixed cost per partition and request is paid less often the larger it is.
    /// </summary>
    public int QueuedMaxMessages { get; init => field = AtLeast(value, 1, nameof(QueuedMaxMessages)); } = 16_000;

    /// <summary>
    /// Bytes of fetched records buffered, all partitions together (librdkafka <c>queued.max.messages.kbytes</c>;
    /// pykafka has none): each partition's share lowers <see cref="QueuedMaxMessages"/> to the records it holds (see
    /// <see cref="FetchSettings.QueuedMaxBytes"/>). 64 MiB by default: shared by 6 partitions, the record bound still
    /// binds first for records below about 700 bytes.
    /// </summary>
    public long QueuedMaxBytes { get; init => field = AtLeast(value, 1, nameof(QueuedMaxBytes)); } = FetchSettings.DefaultQueuedMaxBytes;

    /// <summary>Give the memory pages of fetched records back to the system as the records are taken, for answers
    /// under 256 KiB (Linux only; see <see cref="FetchSettings.ReleaseFetchedPages"/>). Off by default.</summary>
    public bool ReleaseFetchedPages { get; init; }

    /// <summary>Bytes the broker waits for before answering a Fetch (pykafka <c>fetch_min_bytes</c>).</summary>
    public int FetchMinBytes { get; init => field = AtLeast(value, 1, nameof(FetchMinBytes)); } = 1;

    /// <summary>Pause before a partition whose fetch failed is tried again (pykafka <c>fetch_error_backoff_ms</c>).</summary>
    public TimeSpan FetchErrorBackoff { get; init => field = NotNegative(value, nameof(FetchErrorBackoff)); } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the broker may hold a Fetch (pykafka <c>fetch_wait_max_ms</c>, 100 ms).</summary>
    public TimeSpan FetchWaitMax { get; init => field = NotNegative(value, nameof(FetchWaitMax)); } = TimeSpan.FromMilliseconds(100);

    /// <summary>Backoff unit between offset commit and offset fetch retries (pykafka <c>offsets_channel_backoff_ms</c>, 1 s).</summary>
    public TimeSpan OffsetsChannelBackoff { get; init => field = Positive(value, nameof(OffsetsChannelBackoff)); } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of a failed commit before the failure is reported (pykafka <c>offsets_commit_max_retries</c>, 5).</summary>
    public int OffsetsCommitMaxRetries { get; init => field = AtLeast(value, 0, nameof(OffsetsCommitMaxRetries)); } = 5;

    /// <summary>Where to start without a committed offset or when out of range (pykafka <c>auto_offset_reset</c>).</summary>
    public OffsetReset AutoOffsetReset { get; init; } = OffsetReset.Earliest;

    /// <summary>How long <c>ConsumeAsync</c> waits for a record before returning none; null waits for ever
    /// (pykafka <c>consumer_timeout_ms</c>, -1).</summary>
    public TimeSpan? ConsumerTimeout { get; init => field = value is null ? null : NotNegative(value.Value, nameof(ConsumerTimeout)); }

    /// <summary>Attempts at joining and syncing before the failure surfaces (pykafka <c>rebalance_max_retries</c>, 5).</summary>
    public int RebalanceMaxRetries { get; init => field = AtLeast(value, 1, nameof(RebalanceMaxRetries)); } = 5;

    /// <summary>Wait between join attempts, growing with each (pykafka <c>rebalance_backoff_ms</c>, 2 s).</summary>
    public TimeSpan RebalanceBackoff { get; init => field = Positive(value, nameof(RebalanceBackoff)); } = TimeSpan.FromSeconds(2);

    /// <summary>Start when constructed (pykafka <c>auto_start</c>).</summary>
    public bool AutoStart { get; init; } = true;

    /// <summary>On the first assignment, ignore committed offsets and start at <see cref="AutoOffsetReset"/>
    /// (pykafka <c>reset_offset_on_start</c>).</summary>
    public bool ResetOffsetOnStart { get; init; }

    /// <summary>Offset gaps are expected (pykafka <c>compacted_topic</c>).</summary>
    public bool CompactedTopic { get; init; }

    /// <summary>Time between heartbeats (pykafka <c>heartbeat_interval_ms</c>, 3 s).</summary>
    public TimeSpan HeartbeatInterval { get; init => field = Positive(value, nameof(HeartbeatInterval)); } = TimeSpan.FromSeconds(3);

    /// <summary>Assignment strategy names in order of preference (pykafka <c>membership_protocol</c>): range,
    /// roundrobin, sticky, cooperative-sticky, or a custom assignor's name.</summary>
    public IReadOnlyList<string> AssignmentStrategies
    {
        get;
        init => field = value is { Count: > 0 } ? value.ToArray() : throw new ArgumentOutOfRangeException(nameof(AssignmentStrategies), value, $"{nameof(AssignmentStrategies)} needs at least one strategy.");
    } = ["range"];

    /// <summary>Apply committed offsets when partitions are assigned (pykafka <c>reset_offset_on_fetch</c>); false
    /// reads them but starts every partition by <see cref="AutoOffsetReset"/> (read-only mode).</summary>
    public bool ResetOffsetOnFetch { get; init; } = true;

    /// <summary>How long the coordinator waits for a heartbeat before evicting the member. pykafka fixed 30 s, the
    /// most a Kafka 0.9 broker accepts by default.</summary>
    public TimeSpan SessionTimeout { get; init => field = Positive(value, nameof(SessionTimeout)); } = TimeSpan.FromSeconds(30);

    /// <summary>How long the coordinator waits for every member to rejoin during a rebalance (JoinGroup v1+).</summary>
    public TimeSpan RebalanceTimeout { get; init => field = Positive(value, nameof(RebalanceTimeout)); } = TimeSpan.FromSeconds(60);

    /// <summary>Whether records of aborted transactions are filtered out.</summary>
    public IsolationLevel IsolationLevel { get; init; } = IsolationLevel.ReadUncommitted;

    /// <summary>Static membership id (KIP-345): a member that restarts with it within the session timeout gets its
    /// partitions back without a rebalance. Null for a dynamic member.</summary>
    public string? GroupInstanceId { get; init => field = value is null ? null : NotBlank(value, nameof(GroupInstanceId)); }

    /// <summary>Most records one poll of a stream source takes from the member: the chunk size of the batched
    /// sources (Sluice only; Kafka's <c>max.poll.records</c>). <c>ConsumeAsync(maxRecords, …)</c> takes its own.</summary>
    public int MaxPollRecords { get; init => field = AtLeast(value, 1, nameof(MaxPollRecords)); } = 500;

    /// <summary>How long a member whose stream has stopped emitting (<c>IConsumerControl.Stop</c>, or the stream
    /// completed) keeps its partitions and commits before it leaves the group (Sluice only; Alpakka's
    /// <c>stop-timeout</c>). Zero leaves at once.</summary>
    public TimeSpan StopTimeout { get; init => field = NotNegative(value, nameof(StopTimeout)); } = TimeSpan.FromSeconds(30);

    /// <summary>How often the group's leader reads the subscribed topics' metadata to notice added partitions; a
    /// change makes it rejoin so that the group rebalances (Sluice only; Kafka's <c>metadata.max.age.ms</c>).</summary>
    public TimeSpan MetadataMaxAge { get; init => field = Positive(value, nameof(MetadataMaxAge)); } = TimeSpan.FromMinutes(5);

    /// <summary>Connection settings for every broker connection.</summary>
    public ConnectionSettings Connection { get; init => field = value ?? throw new ArgumentNullException(nameof(Connection)); } = ConnectionSettings.Default;

    /// <summary>The fetch settings these consumer settings imply.</summary>
    public FetchSettings ToFetchSettings() => FetchSettings.Default with
    {
        FetchMessageMaxBytes = FetchMessageMaxBytes,
        FetchMessageMaxBytesLimit = Math.Max(FetchSettings.Default.FetchMessageMaxBytesLimit, FetchMessageMaxBytes),
        FetchMinBytes = FetchMinBytes,
        FetchWaitMax = FetchWaitMax,
        FetchErrorBackoff = FetchErrorBackoff,
        QueuedMaxMessages = QueuedMaxMessages,
        QueuedMaxBytes = QueuedMaxBytes,
        ReleaseFetchedPages = ReleaseFetchedPages,
        MaxConcurrentFetches = NumConsumerFetchers,
        AutoOffsetReset = AutoOffsetReset,
        CompactedTopic = CompactedTopic,
        IsolationLevel = IsolationLevel,
        Connection = Connection.WithClientId(ClientId),
    };

    /// <summary>Returns a copy for another cluster.</summary>
    public ConsumerSettings WithBootstrapServers(string servers) => this with { BootstrapServers = servers };

    /// <summary>Returns a copy with another client id.</summary>
    public ConsumerSettings WithClientId(string clientId) => this with { ClientId = clientId };

    /// <summary>Returns a copy for another group.</summary>
    public ConsumerSettings WithGroupId(string groupId) => this with { GroupId = groupId };

    /// <summary>Returns a copy subscribed to other topics.</summary>
    public ConsumerSettings WithTopics(params string[] topics) => this with { Topics = topics };

    /// <summary>Returns a copy with other assignment strategies, in order of preference.</summary>
    public ConsumerSettings WithAssignmentStrategies(params string[] strategies) => this with { AssignmentStrategies = strategies };

    /// <summary>Returns a copy with automatic commits on or off.</summary>
    public ConsumerSettings WithAutoCommit(bool enabled, TimeSpan? interval = null) =>
        this with { AutoCommitEnable = enabled, AutoCommitInterval = interval ?? AutoCommitInterval };

    /// <summary>Returns a copy with another heartbeat interval.</summary>
    public ConsumerSettings WithHeartbeatInterval(TimeSpan interval) => this with { HeartbeatInterval = interval };

    /// <summary>Returns a copy with another session timeout.</summary>
    public ConsumerSettings WithSessionTimeout(TimeSpan timeout) => this with { SessionTimeout = timeout };

    /// <summary>Returns a copy with a static membership id.</summary>
    public ConsumerSettings WithGroupInstanceId(string? groupInstanceId) => this with { GroupInstanceId = groupInstanceId };
}
