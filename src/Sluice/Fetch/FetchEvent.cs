namespace Sluice.Fetch;

/// <summary>Something the application should know happened while reading a partition.</summary>
public abstract record FetchEvent(TopicPartition Partition)
{
    /// <summary>The position was reset by the <see cref="FetchSettings.AutoOffsetReset"/> policy (for example after
    /// OFFSET_OUT_OF_RANGE when records were deleted below it).</summary>
    public sealed record PositionReset(TopicPartition Partition, long? From, long To, string Reason) : FetchEvent(Partition);

    /// <summary>The partition moved to another leader; reading continues from the same position.</summary>
    public sealed record LeaderMoved(TopicPartition Partition, int? From, int To) : FetchEvent(Partition);

    /// <summary>The partition cannot advance until it is seeked or reassigned.</summary>
    public sealed record PartitionFailed(TopicPartition Partition, Exception Error) : FetchEvent(Partition);

    /// <summary>A corrupt batch was skipped (with <see cref="FetchSettings.SkipCorruptBatches"/>).</summary>
    public sealed record BatchSkipped(TopicPartition Partition, Exception Error) : FetchEvent(Partition);
}
