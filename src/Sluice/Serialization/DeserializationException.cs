namespace Sluice.Serialization;

/// <summary>A record's key or value could not be deserialized; the record is named so it can be found and skipped.</summary>
public sealed class DeserializationException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    public DeserializationException(TopicPartition partition, long offset, string field, Exception innerException)
        : base($"{partition} at offset {offset}: the {field} could not be deserialized: {innerException.Message}", innerException)
    {
        Partition = partition;
        Offset = offset;
        Field = field;
    }

    /// <summary>The record's partition.</summary>
    public TopicPartition Partition { get; }

    /// <summary>The record's offset.</summary>
    public long Offset { get; }

    /// <summary>"key" or "value".</summary>
    public string Field { get; }
}
