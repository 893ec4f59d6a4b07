namespace Sluice.Fetch;

/// <summary>What the <see cref="PartitionReader"/> knows of one assigned partition. Actor-confined.</summary>
internal sealed class PartitionState(TopicPartition partition)
{
    public TopicPartition Partition { get; } = partition;

    /// <summary>Bumped by every assign, seek and reset: fetch results of an older era are stale and dropped.</summary>
    public int Era { get; set; }

    /// <summary>The next offset to fetch; null while a start position is being resolved.</summary>
    public long? FetchPosition { get; set; }

    /// <summary>The start position still to be turned into an offset (Earliest, Latest, a time).</summary>
    public StartPosition? Unresolved { get; set; }

    /// <summary>The next offset the application has not received yet; -1 until the start position is known.</summary>
    public long ConsumedPosition { get; set; } = -1;

    /// <summary>The offset the next record taken should have (the start position, then one past the last record taken), -1 while unknown: a later one means a gap.</summary>
    public long NextTaken { get; set; } = -1;

    /// <summary>Fetched records not handed out yet, in offset order, decoded as they are taken.</summary>
    public RecordBuffer Buffer { get; } = new();

    /// <summary>The broker fetching it now, or null while its leader is unknown.</summary>
    public int? Leader { get; set; }

    /// <summary>Set when the leader refused the partition: it is not fetched until metadata names its leader again.</summary>
    public bool LeaderUnconfirmed { get; set; }

    /// <summary>The leader epoch from metadata (-1 unknown), sent so a stale leader is detected (KIP-320).</summary>
    public int LeaderEpoch { get; set; } = -1;

    /// <summary>The topic's id (Fetch v13+ names topics by id), or empty when the broker has none.</summary>
    public Guid TopicId { get; set; }

    /// <summary>The partition's high watermark at the last fetch, -1 unknown.</summary>
    public long HighWatermark { get; set; } = -1;

    /// <summary>Why the partition cannot advance; it is left out of fetches until seeked or reassigned.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Whether <see cref="Failure"/> has reached the application.</summary>
    public bool FailureReported { get; set; }

    /// <summary>Numbers the grants of fetch credit, so the fetcher can tell a new grant from a repeat.</summary>
    public int Grant { get; set; }

    /// <summary>Records the fetcher was last allowed to deliver (the buffer's room when granted).</summary>
    public int GrantedCredit { get; set; }

    /// <summary>Records delivered since the last grant.</summary>
    public int DeliveredSinceGrant { get; set; }

    /// <summary>Bytes per record in the partition's last answer (0 before the first), to turn the byte bound into records.</summary>
    public int RecordBytes { get; set; }

    /// <summary>Why the position is being reset, published once the new offset is known.</summary>
    public string? ResetReason { get; set; }

    /// <summary>The position before the reset.</summary>
    public long? ResetFrom { get; set; }

    /// <summary>Not fetched again before this time (after a failed fetch).</summary>
    public DateTime RetryAfter { get; set; }

    /// <summary>True when the partition should be in its leader's next fetch.</summary>
    public bool IsFetchable(int bound, DateTime now) =>
        FetchPosition is not null && Leader is not null && !LeaderUnconfirmed && Failure is null && Buffer.Count < bound && now >= RetryAfter;
}
