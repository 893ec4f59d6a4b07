using System.Collections.Immutable;

namespace Sluice.TestKit.Legacy;

/// <summary>
/// How a <see cref="LegacyKafkaCluster"/> is started. Immutable: every <c>WithX</c> returns a changed copy.
/// </summary>
public sealed record LegacyKafkaOptions
{
    /// <summary>One broker, one-second minimum session timeout, four offsets-topic partitions.</summary>
    public static LegacyKafkaOptions Default { get; } = new();

    /// <summary>Number of brokers, ids 1..N, sharing one ZooKeeper. Topic creation spreads partition leaders over them.</summary>
    public int BrokerCount { get; init; } = 1;

    /// <summary>
    /// The broker's <c>group.min.session.timeout.ms</c>: low so tests can expire members in about a second.
    /// </summary>
    public TimeSpan GroupMinSessionTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The broker's <c>group.max.session.timeout.ms</c>: above the 0.9 default of 30 s so clients with today's
    /// 45 s default are not refused.
    /// </summary>
    public TimeSpan GroupMaxSessionTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The broker's <c>offsets.topic.num.partitions</c>: small, because the 0.9 default of 50 slows the first group.</summary>
    public int OffsetsTopicPartitions { get; init; } = 4;

    /// <summary>How long ZooKeeper and the brokers may take to answer before the start is given up.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long fetching the Kafka distribution with npm may take when it is not cached yet.</summary>
    public TimeSpan DownloadTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Maximum heap of each broker JVM, in megabytes.</summary>
    public int BrokerHeapMegabytes { get; init; } = 256;

    /// <summary>The <c>java</c> executable; <c>null</c> looks in <c>$JAVA_HOME/bin</c>, then on <c>PATH</c>.</summary>
    public string? JavaExecutable { get; init; }

    /// <summary>Where the Kafka distribution is cached; <c>null</c> means <c>$SLUICE_CACHE</c> or <c>~/.cache/sluice</c>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Extra <c>server.properties</c> entries for every broker; they override the test kit's own.</summary>
    public ImmutableSortedDictionary<string, string> BrokerProperties { get; init; } =
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Copy with another broker count.</summary>
    public LegacyKafkaOptions WithBrokerCount(int brokerCount) => this with { BrokerCount = brokerCount };

    /// <summary>Copy with another minimum group session timeout.</summary>
    public LegacyKafkaOptions WithGroupMinSessionTimeout(TimeSpan timeout) => this with { GroupMinSessionTimeout = timeout };

    /// <summary>Copy with another maximum group session timeout.</summary>
    public LegacyKafkaOptions WithGroupMaxSessionTimeout(TimeSpan timeout) => this with { GroupMaxSessionTimeout = timeout };

    /// <summary>Copy with another offsets-topic partition count.</summary>
    public LegacyKafkaOptions WithOffsetsTopicPartitions(int partitions) => this with { OffsetsTopicPartitions = partitions };

    /// <summary>Copy with another start timeout.</summary>
    public LegacyKafkaOptions WithStartTimeout(TimeSpan timeout) => this with { StartTimeout = timeout };

    /// <summary>Copy with another download timeout.</summary>
    public LegacyKafkaOptions WithDownloadTimeout(TimeSpan timeout) => this with { DownloadTimeout = timeout };

    /// <summary>Copy with another broker heap size.</summary>
    public LegacyKafkaOptions WithBrokerHeapMegabytes(int megabytes) => this with { BrokerHeapMegabytes = megabytes };

    /// <summary>Copy that runs this <c>java</c> executable.</summary>
    public LegacyKafkaOptions WithJavaExecutable(string? javaExecutable) => this with { JavaExecutable = javaExecutable };

    /// <summary>Copy that caches the Kafka distribution in this folder.</summary>
    public LegacyKafkaOptions WithCacheDirectory(string? cacheDirectory) => this with { CacheDirectory = cacheDirectory };

    /// <summary>Copy with one more (or a replaced) broker property.</summary>
    public LegacyKafkaOptions WithBrokerProperty(string key, string value) =>
        this with { BrokerProperties = BrokerProperties.SetItem(key, value) };

    internal void Validate()
    {
        RequireRange(BrokerCount, 1, 9, nameof(BrokerCount));
        RequireRange(OffsetsTopicPartitions, 1, 200, nameof(OffsetsTopicPartitions));
        RequireRange(BrokerHeapMegabytes, 64, 8192, nameof(BrokerHeapMegabytes));
        RequirePositive(GroupMinSessionTimeout, nameof(GroupMinSessionTimeout));
        RequirePositive(StartTimeout, nameof(StartTimeout));
        RequirePositive(DownloadTimeout, nameof(DownloadTimeout));
        if (GroupMaxSessionTimeout < GroupMinSessionTimeout)
        {
            throw new ArgumentOutOfRangeException(
                nameof(GroupMaxSessionTimeout), GroupMaxSessionTimeout, $"must be at least {nameof(GroupMinSessionTimeout)} ({GroupMinSessionTimeout})");
        }
    }

    private static void RequireRange(int value, int min, int max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"must be between {min} and {max}");
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
    }
}
