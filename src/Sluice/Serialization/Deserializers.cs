using System.Buffers.Binary;
using System.Text;

namespace Sluice.Serialization;

/// <summary>The common deserializers.</summary>
public static class Deserializers
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The bytes as they are.</summary>
    public static IDeserializer<byte[]?> ByteArray { get; } = new Delegated<byte[]?>((data, _) => data);

    /// <summary>UTF-8 text; invalid UTF-8 is an error, not replacement characters.</summary>
    public static IDeserializer<string?> Utf8 { get; } = new Delegated<string?>((data, _) => data is null ? null : StrictUtf8.GetString(data));

    /// <summary>A big-endian 32-bit integer (Kafka's IntegerSerializer).</summary>
    public static IDeserializer<int?> Int32 { get; } = new Delegated<int?>((data, _) => data is null ? null : data.Length == 4
        ? BinaryPrimitives.ReadInt32BigEndian(data)
        : throw new FormatException($"An Int32 takes 4 bytes, not {data.Length}."));

    /// <summary>A big-endian 64-bit integer (Kafka's LongSerializer).</summary>
    public static IDeserializer<long?> Int64 { get; } = new Delegated<long?>((data, _) => data is null ? null : data.Length == 8
        ? BinaryPrimitives.ReadInt64BigEndian(data)
        : throw new FormatException($"An Int64 takes 8 bytes, not {data.Length}."));

    /// <summary>Ignores the bytes (for a field the application does not read).</summary>
    public static IDeserializer<object?> Ignore { get; } = new Delegated<object?>((_, _) => null);

    /// <summary>A deserializer from a function.</summary>
    public static IDeserializer<T> From<T>(Func<byte[]?, TopicPartition, T> deserialize) => new Delegated<T>(deserialize);

    private sealed class Delegated<T>(Func<byte[]?, TopicPartition, T> deserialize) : IDeserializer<T>
    {
        public T Deserialize(byte[]? data, TopicPartition partition) => deserialize(data, partition);
    }
}
