namespace Sluice.Serialization;

/// <summary>Turns a record's key or value bytes into a value (pykafka's <c>deserializer</c>, one per field).</summary>
/// <typeparam name="T">The value type.</typeparam>
public interface IDeserializer<out T>
{
    /// <summary>Deserializes <paramref name="data"/>; null when the record had no key or value.</summary>
    T Deserialize(byte[]? data, TopicPartition partition);
}
