using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Sluice.Protocol.Compression;

namespace Sluice.Protocol.Records;

/// <summary>
/// Decodes one entry of a magic 0/1 message set (Kafka 0.8-0.10): a plain message, or a compressed wrapper whose
/// value is an inner message set.
/// </summary>
internal static class MessageSetDecoder
{
    /// <summary>Offset and size before every message.</summary>
    private const int LogOverhead = 12;

    /// <summary>Stages the deliverable records of <paramref name="entry"/> in the session and returns its last offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Decode(ReadOnlySpan<byte> entry, DecodeSession session)
    {
        var offset = BinaryPrimitives.ReadInt64BigEndian(entry);
        var message = entry[LogOverhead..];
        CheckCrc(message, offset, offset, session, "");
        var outer = LegacyMessage.Parse(message);
        if (offset < 0)
            throw session.Corrupt(offset, offset, $"offset {offset} is negative");

        if (outer.Codec == 0)
        {
            if (offset >= session.NextOffset)
                session.Pending.Add(ToRecord(outer, offset, session, wrapperLogAppendTime: false, wrapperTimestamp: -1));
            return offset;
        }

        if (outer.Codec > (int)CompressionCodec.Lz4)
            throw session.Corrupt(offset, offset, $"compression codec id {outer.Codec} is not legal in a magic {outer.Magic} message");
        if (outer.ValueIsNull)
            throw session.Corrupt(offset, offset, "a compressed wrapper message has a null value");

        var inner = session.Decompress((CompressionCodec)outer.Codec, outer.Value, outer.Magic);
        var baseOffset = InnerBaseOffset(inner, outer.Magic, offset, session);

        // With LogAppendTime on the wrapper, its timestamp (the broker's) applies to every inner message.
        var floor = session.NextOffset;
        var lastOffset = offset;
        var position = 0;
        while (NextInner(inner, ref position, out var innerOffset, out var innerMessage))
        {
            var absolute = baseOffset + innerOffset;
            lastOffset = Math.Max(lastOffset, absolute);
            if (absolute < floor)
                continue;
            session.Pending.Add(ToRecord(LegacyMessage.Parse(innerMessage), absolute, session, outer.IsLogAppendTime, outer.Timestamp));
            floor = absolute + 1;
        }

        return lastOffset;
    }

    // Checks every inner message and returns what to add to an inner offset to make it absolute. Magic 0 inner
    // offsets are absolute already. Magic 1 inner offsets are relative (KIP-31) and the wrapper carries the
    // absolute offset of the last one; a wrapper offset of 0 (produce data of some librdkafka versions) is
    // taken as Java takes it, with the relative offsets used as they are.
    private static long InnerBaseOffset(ReadOnlySpan<byte> inner, byte magic, long wrapperOffset, DecodeSession session)
    {
        var count = 0;
        long lastInner = -1;
        var position = 0;
        while (NextInner(inner, ref position, out var innerOffset, out var innerMessage))
        {
            CheckCrc(innerMessage, wrapperOffset, wrapperOffset, session, $" of the inner message at offset {innerOffset}");
            var parsed = LegacyMessage.Parse(innerMessage);
            if (parsed.Codec != 0)
                throw session.Corrupt(wrapperOffset, wrapperOffset, "an inner message is compressed again");
            if (innerOffset < 0 || innerOffset < lastInner)
                throw session.Corrupt(wrapperOffset, wrapperOffset, $"inner offset {innerOffset} is negative or out of order");
            lastInner = innerOffset;
            count++;
        }

        if (count == 0)
            throw session.Corrupt(wrapperOffset, wrapperOffset, "a compressed wrapper message holds no inner messages");
        if (magic == 0 || wrapperOffset == 0)
            return 0;
        if (wrapperOffset < lastInner)
        {
            throw session.Corrupt(wrapperOffset, wrapperOffset,
                $"the wrapper offset {wrapperOffset} is below the last inner relative offset {lastInner}");
        }

        return wrapperOffset - lastInner;
    }

    private static bool NextInner(ReadOnlySpan<byte> set, ref int position, out long offset, out ReadOnlySpan<byte> message)
    {
        offset = 0;
        message = default;
        var left = set.Length - position;
        if (left == 0)
            return false;
        // The inner set was compressed whole, so unlike the outer one it is never legitimately cut short.
        if (left < LogOverhead)
            throw Malformed($"the inner message set ends with {left} bytes, too few for an entry");
        offset = BinaryPrimitives.ReadInt64BigEndian(set[position..]);
        var size = BinaryPrimitives.ReadInt32BigEndian(set[(position + 8)..]);
        if (size < LegacyMessage.MinSizeV0 || size > left - LogOverhead)
            throw Malformed($"an inner message size {size} is out of range for the {left - LogOverhead} bytes left");
        message = set.Slice(position + LogOverhead, size);
        position += LogOverhead + size;
        return true;
    }

    private static void CheckCrc(ReadOnlySpan<byte> message, long baseOffset, long lastOffset, DecodeSession session, string where)
    {
        if (!session.Options.CheckCrcs || message.Length < 4)
            return;
        var stored = LegacyMessage.StoredCrc(message);
        var computed = LegacyMessage.ComputeCrc(message);
        if (stored != computed)
            throw session.Corrupt(baseOffset, lastOffset, $"the CRC-32{where} does not match", stored, computed);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ConsumedRecord ToRecord(in LegacyMessage message, long offset, DecodeSession session, bool wrapperLogAppendTime, long wrapperTimestamp)
    {
        var (timestamp, type) = message.Magic == 0
            ? (-1L, TimestampType.NotAvailable)
            : wrapperLogAppendTime
                ? (wrapperTimestamp, TimestampType.LogAppendTime)
                : (message.Timestamp, message.IsLogAppendTime ? TimestampType.LogAppendTime : TimestampType.CreateTime);
        return new ConsumedRecord(
            session.Topic,
            session.Partition,
            offset,
            timestamp,
            type,
            message.KeyIsNull ? null : message.Key.ToArray(),
            message.ValueIsNull ? null : message.Value.ToArray(),
            [],
            leaderEpoch: -1);
    }

    private static KafkaProtocolException Malformed(string what) => new($"Malformed message set: {what}.");
}
