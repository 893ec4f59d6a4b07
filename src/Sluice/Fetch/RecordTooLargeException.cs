namespace Sluice.Fetch;

/// <summary>
/// A record is larger than the most a partition may fetch, on a broker that returns only a fragment of it
/// (Kafka before 0.10.1): the partition cannot advance until the limit is raised.
/// </summary>
public sealed class RecordTooLargeException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    public RecordTooLargeException(TopicPartition partition, long offset, int recordSize, int limit)
        : base($"{partition} at offset {offset}: a record of {recordSize} bytes does not fit the {limit}-byte fetch limit; " +
               $"raise fetch-message-max-bytes ({nameof(FetchSettings.FetchMessageMaxBytes)}) to at least {recordSize}, so one fetch holds it " +
               $"(or {nameof(FetchSettings.FetchMessageMaxBytesLimit)}, where fetch settings are given directly).")
    {
        Partition = partition;
        Offset = offset;
        RecordSize = recordSize;
    }

    /// <summary>The stuck partition.</summary>
    public TopicPartition Partition { get; }

    /// <summary>The offset it is stuck at.</summary>
    public long Offset { get; }

    /// <summary>The size the record's entry announces.</summary>
    public int RecordSize { get; }
}
