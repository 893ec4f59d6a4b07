namespace Sluice.Protocol.Records;

/// <summary>A record to append to a partition, before it is written in any record format.</summary>
public sealed class ProduceRecord
{
    /// <summary>Creates a record.</summary>
    /// <param name="key">The key; null (no key) and empty are different values on the wire.</param>
    /// <param name="value">The value; null is a tombstone on a compacted topic, distinct from empty.</param>
    /// <param name="timestampMs">Create time in milliseconds since the Unix epoch; magic 0 has no timestamp and drops it.</param>
    /// <param name="headers">Headers, or null for none; they need record batch v2.</param>
    public ProduceRecord(byte[]? key, byte[]? value, long timestampMs, IReadOnlyList<RecordHeader>? headers = null)
    {
        if (headers is not null)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                if (headers[i].Key is null)
                    throw new ArgumentException($"Header {i} has a null key; Kafka header keys are non-null strings.", nameof(headers));
            }
        }

        Key = key;
        Value = value;
        TimestampMs = timestampMs;
        Headers = headers ?? [];
    }

    /// <summary>The key, or null.</summary>
    public byte[]? Key { get; }

    /// <summary>The value, or null.</summary>
    public byte[]? Value { get; }

    /// <summary>Create time in milliseconds since the Unix epoch.</summary>
    public long TimestampMs { get; }

    /// <summary>The headers; empty when there are none.</summary>
    public IReadOnlyList<RecordHeader> Headers { get; }
}
