using Sluice.Protocol.Records;

namespace Sluice.Serialization;

/// <summary>A record with its key and value deserialized; <see cref="Record"/> keeps the raw bytes.</summary>
public sealed record ConsumeResult<TKey, TValue>(ConsumedRecord Record, TKey Key, TValue Value)
{
    /// <summary>The record's partition.</summary>
    public TopicPartition Partition => RecordPartitions.Of(Record);

    /// <summary>The record's offset.</summary>
    public long Offset => Record.Offset;

    /// <summary>Deserializes a record, naming it when a field fails.</summary>
    public static ConsumeResult<TKey, TValue> From(ConsumedRecord record, IDeserializer<TKey> keys, IDeserializer<TValue> values)
    {
        var partition = RecordPartitions.Of(record);
        TKey key;
        try
        {
            key = keys.Deserialize(record.Key, partition);
        }
        catch (Exception e)
        {
            throw new DeserializationException(partition, record.Offset, "key", e);
        }

        try
        {
            return new ConsumeResult<TKey, TValue>(record, key, values.Deserialize(record.Value, partition));
        }
        catch (Exception e)
        {
            throw new DeserializationException(partition, record.Offset, "value", e);
        }
    }
}
