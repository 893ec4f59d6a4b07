using Sluice.Protocol;

namespace Sluice.Tests.Protocol.Records;

/// <summary>Reads back a whole message set of magic 0 or 1, without decompressing wrappers.</summary>
internal static class MessageSetTestParser
{
    public static IReadOnlyList<ParsedMessage> Parse(ReadOnlySpan<byte> bytes)
    {
        var messages = new List<ParsedMessage>();
        var reader = new KafkaReader(bytes);
        while (reader.Remaining > 0)
        {
            var offset = reader.ReadInt64();
            var size = reader.ReadInt32();
            var message = reader.ReadRaw(size);
            var inner = new KafkaReader(message);
            var crc = inner.ReadUInt32();
            var computed = ReferenceCrc.Crc32Ieee(inner.PeekRemaining());
            var magic = inner.ReadInt8();
            var attributes = inner.ReadInt8();
            long? timestamp = magic >= 1 ? inner.ReadInt64() : null;
            var key = ReadBytes(ref inner);
            var value = ReadBytes(ref inner);
            if (inner.Remaining != 0)
                throw new InvalidOperationException($"{inner.Remaining} bytes follow the value of the message at offset {offset}.");
            messages.Add(new ParsedMessage(offset, size, crc, computed, magic, attributes, timestamp, key, value));
        }

        return messages;
    }

    private static byte[]? ReadBytes(ref KafkaReader reader)
    {
        var span = reader.ReadNullableBytes(out var isNull);
        return isNull ? null : span.ToArray();
    }
}
