using Sluice.Network;
using Sluice.Protocol.Records;
using static Sluice.Settings.SettingGuards;

namespace Sluice.Fetch;

/// <summary>
/// How the fetchers read partitions. Immutable; change it with the <c>WithX</c> copies or an object
/// initializer. Every value is checked when set: an invalid one raises <see cref="ArgumentOutOfRangeException"/>
/// naming the setting and the accepted range. The pykafka parameter each mirrors is named in its comment.
/// </summary>
public sealed record FetchSettings
{
    /// <summary>The defaults.</summary>
    public static FetchSettings Default { get; } = new();

    /// <summary>Bytes per partition asked for in each Fetch (pykafka <c>fetch_message_max_bytes</c>, 1 MiB).
    /// A soft limit on Kafka 0.10.1+ (a larger batch still comes whole); on older brokers it grows up to
    /// <see cref="FetchMessageMaxBytesLimit"/> when a record does not fit.</summary>
    public int FetchMessageMaxBytes { get; init => field = AtLeast(value, 1, nameof(FetchMessageMaxBytes)); } = 1024 * 1024;

    /// <summary>How far the per-partition size may grow for a record larger than <see cref="FetchMessageMaxBytes"/>
    /// on brokers that return only a fragment of it (Fetch v0–v2). Past it the partition fails with
    /// <see cref="RecordTooLargeException"/>.</summary>
    public int FetchMessageMaxBytesLimit { get; init => field = AtLeast(value, 1, nameof(FetchMessageMaxBytesLimit)); } = 64 * 1024 * 1024;

    /// <summary>Bytes one Fetch response may carry in all (Fetch v3+ <c>MaxBytes</c>; Java's fetch.max.bytes).</summary>
    public int FetchMaxBytes { get; init => field = AtLeast(value, 1, nameof(FetchMaxBytes)); } = 50 * 1024 * 1024;

    /// <summary>Bytes the broker waits for before answering a Fetch (pykafka <c>fetch_min_bytes</c>).</summary>
    public int FetchMinBytes { get; init => field = AtLeast(value, 1, nameof(FetchMinBytes)); } = 1;

    /// <summary>How long the broker may hold a Fetch waiting for <see cref="FetchMinBytes"/> (pykafka <c>fetch_wait_max_ms</c>).</summary>
    public TimeSpan FetchWaitMax { get; init => field = NotNegative(value, nameof(FetchWaitMax)); } = TimeSpan.FromMilliseconds(100);

    /// <summary>Pause after a failed fetch before the partition is tried again (pykafka <c>fetch_error_backoff_ms</c>).</summary>
    public TimeSpan FetchErrorBackoff { get; init => field = NotNegative(value, nameof(FetchErrorBackoff)); } = TimeSpan.FromMilliseconds(500);

    /// <summary>Records buffered per partition before it is left out of fetches (pykafka <c>queued_max_messages</c>).
    /// Requests ask for about the room left, at the last answer's bytes per record, so an answer overshoots it by
    /// little: by what a 64 KiB request floor or a change in record sizes brings.</summary>
    public int QueuedMaxMessages { get; init => field = AtLeast(value, 1, nameof(QueuedMaxMessages)); } = 16_000;

    /// <summary>
    /// Bytes of fetched records the consumer buffers, all its partitions together. Each partition gets an equal
    /// share, and its <see cref="QueuedMaxMessages"/> bound is lowered to as many records as the share holds at the
    /// bytes per record its last answer showed (never below one record, so a record larger than the share still
    /// comes). A record bound alone lets large records buffer without limit: 16,000 records of 10 KiB are
    /// 160 MiB per partition. As with the record bound, an answer in flight per partition may overshoot it.
    /// </summary>
    public long QueuedMaxBytes { get; init => field = AtLeast(value, 1, nameof(QueuedMaxBytes)); } = DefaultQueuedMaxBytes;

    /// <summary>The default of <see cref="QueuedMaxBytes"/>: 64 MiB.</summary>
    public const long DefaultQueuedMaxBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Give the memory pages of fetched records back to the system as the records are taken, for answers under
    /// 256 KiB, which are assembled in one pooled buffer. Larger answers are read into segments that go back to a
    /// pool as their records are taken and hold the next answer, so this does not apply to them. A page released is
    /// faulted in again by a later answer, which costs CPU: off by default. Linux only; elsewhere it does nothing.
    /// </summary>
    public bool ReleaseFetchedPages { get; init; }

    /// <summary>How many brokers may have a Fetch in flight at once (pykafka <c>num_consumer_fetchers</c>, its fetch
    /// threads). Each broker has its own fetcher; a fetcher waits for a free slot before each Fetch.</summary>
    public int MaxConcurrentFetches { get; init => field = AtLeast(value, 1, nameof(MaxConcurrentFetches)); } = 1024;

    /// <summary>Where to go when a position is out of range or missing (pykafka <c>auto_offset_reset</c>).</summary>
    public OffsetReset AutoOffsetReset { get; init; } = OffsetReset.Earliest;

    /// <summary>Accept offset gaps silently (pykafka <c>compacted_topic</c>). Gaps are always accepted; without
    /// this they are logged, since outside compaction and transactions they are unexpected.</summary>
    public bool CompactedTopic { get; init; }

    /// <summary>Whether aborted transactional records are delivered (read_uncommitted) or filtered out.</summary>
    public IsolationLevel IsolationLevel { get; init; } = IsolationLevel.ReadUncommitted;

    /// <summary>Verify batch CRCs; a mismatch fails the partition with a typed error naming the offset.</summary>
    public bool CheckCrcs { get; init; } = true;

    /// <summary>Skip a corrupt batch (reporting it) instead of failing the partition.</summary>
    public bool SkipCorruptBatches { get; init; }

    /// <summary>First wait before reconnecting to a broker; doubles with jitter up to <see cref="ReconnectBackoffMax"/>.</summary>
    public TimeSpan ReconnectBackoff { get; init => field = Positive(value, nameof(ReconnectBackoff)); } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between reconnect attempts.</summary>
    public TimeSpan ReconnectBackoffMax { get; init => field = Positive(value, nameof(ReconnectBackoffMax)); } = TimeSpan.FromSeconds(10);

    /// <summary>Connection settings of the fetchers' own connections.</summary>
    public ConnectionSettings Connection { get; init => field = value ?? throw new ArgumentNullException(nameof(Connection)); } = ConnectionSettings.Default;

    /// <summary>Returns a copy with another per-partition fetch size.</summary>
    public FetchSettings WithFetchMessageMaxBytes(int bytes) => this with { FetchMessageMaxBytes = bytes };

    /// <summary>Returns a copy with another minimum response size.</summary>
    public FetchSettings WithFetchMinBytes(int bytes) => this with { FetchMinBytes = bytes };

    /// <summary>Returns a copy with another long-poll wait.</summary>
    public FetchSettings WithFetchWaitMax(TimeSpan wait) => this with { FetchWaitMax = wait };

    /// <summary>Returns a copy with another per-partition buffer bound.</summary>
    public FetchSettings WithQueuedMaxMessages(int count) => this with { QueuedMaxMessages = count };

    /// <summary>Returns a copy with another byte bound on buffered records, all partitions together.</summary>
    public FetchSettings WithQueuedMaxBytes(long bytes) => this with { QueuedMaxBytes = bytes };

    /// <summary>Returns a copy that gives fetched records' pages back as they are taken, or keeps them.</summary>
    public FetchSettings WithReleaseFetchedPages(bool release) => this with { ReleaseFetchedPages = release };

    /// <summary>Returns a copy with another reset policy.</summary>
    public FetchSettings WithAutoOffsetReset(OffsetReset reset) => this with { AutoOffsetReset = reset };

    /// <summary>Returns a copy with another isolation level.</summary>
    public FetchSettings WithIsolationLevel(IsolationLevel level) => this with { IsolationLevel = level };

    /// <summary>Returns a copy that accepts offset gaps silently, or logs them.</summary>
    public FetchSettings WithCompactedTopic(bool compacted) => this with { CompactedTopic = compacted };

    /// <summary>Returns a copy with other connection settings.</summary>
    public FetchSettings WithConnection(ConnectionSettings connection) => this with { Connection = connection };
}
