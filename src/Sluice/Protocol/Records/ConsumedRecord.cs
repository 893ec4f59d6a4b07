namespace Sluice.Protocol.Records;

/// <summary>
/// One record as the application receives it: immutable, with the exact key, value and header bytes from the
/// log (null kept distinct from empty).
/// </summary>
public sealed class ConsumedRecord
{
    /// <summary>Creates a record.</summary>
    public ConsumedRecord(
        string topic,
        int partition,
        long offset,
        long timestamp,
        TimestampType timestampType,
        byte[]? key,
        byte[]? value,
        IReadOnlyList<RecordHeader> headers,
        int leaderEpoch)
    {
        Topic = topic ?? throw new ArgumentNullException(nameof(topic));
        Partition = partition;
        Offset = offset;
        Timestamp = timestamp;
        TimestampType = timestampType;
        Key = key;
        Value = value;
        Headers = headers ?? throw new ArgumentNullException(nameof(headers));
        LeaderEpoch = leaderEpoch;
    }

    /// <summary>The topic the record was read from.</summary>
    public string Topic { get; }

    /// <summary>The partition the record was read from.</summary>
    public int Partition { get; }

    /// <summary>The record's offset in its partition.</summary>
    public long Offset { get; }

    /// <summary>Milliseconds since the Unix epoch, or -1 when <see cref="TimestampType"/> is NotAvailable.</summary>
    public long Timestamp { get; }

    /// <summary>Whether <see cref="Timestamp"/> is the create time or the log append time.</summary>
    public TimestampType TimestampType { get; }

    /// <summary>The key, or null when the record has none.</summary>
    public byte[]? Key { get; }

    /// <summary>The value, or null (a tombstone on a compacted topic).</summary>
    public byte[]? Value { get; }

    /// <summary>The headers in wire order; empty when there are none (always empty before record batch v2).</summary>
    public IReadOnlyList<RecordHeader> Headers { get; }

    /// <summary>The partition leader epoch of the batch the record came in, or -1 when unknown (magic 0/1).</summary>
    public int LeaderEpoch { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Topic}-{Partition}@{Offset}";
}
