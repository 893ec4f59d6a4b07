using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Sluice.Protocol.Compression;

namespace Sluice.Protocol.Records;

/// <summary>Decodes one record batch v2 (magic 2, Kafka 0.11+).</summary>
internal static class RecordBatchDecoder
{
    private const short AbortMarker = 0;

    /// <summary>Stages the deliverable records of <paramref name="batch"/> in the session and returns its last offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Decode(ReadOnlySpan<byte> batch, DecodeSession session)
    {
        var claimedLast = RecordBatchHeader.ClaimedLastOffset(batch);
        if (batch.Length < RecordBatchHeader.Size)
        {
            throw session.Corrupt(BinaryPrimitives.ReadInt64BigEndian(batch), claimedLast,
                $"the batch has {batch.Length} bytes, fewer than its {RecordBatchHeader.Size}-byte header");
        }

        var header = RecordBatchHeader.Read(batch);
        var baseOffset = header.BaseOffset;
        if (session.Options.CheckCrcs)
        {
            // The CRC-32C covers the attributes to the end, so the broker can rewrite the base offset and leader
            // epoch. The librdkafka mock cluster writes its own COMMIT/ABORT control batches with the CRC left 0;
            // control batches are never delivered, so accepting a zero CRC on them loses nothing and lets the
            // mock serve transactional topics with CRC checks on.
            var computedCrc = Crc32C.Compute(batch[RecordBatchHeader.CrcCoverageStart..]);
            if (computedCrc != header.Crc && !(header.IsControl && header.Crc == 0))
                throw session.Corrupt(baseOffset, claimedLast, "the CRC-32C does not match", header.Crc, computedCrc);
        }

        if (baseOffset < 0 || header.LastOffsetDelta < 0 || baseOffset > long.MaxValue - header.LastOffsetDelta)
            throw session.Corrupt(baseOffset, claimedLast, $"base offset {baseOffset} and last offset delta {header.LastOffsetDelta} are out of range");
        if (header.RecordCount < 0)
            throw session.Corrupt(baseOffset, claimedLast, $"the record count {header.RecordCount} is negative");
        if (header.Codec > (int)CompressionCodec.Zstd)
            throw session.Corrupt(baseOffset, claimedLast, $"compression codec id {header.Codec} is unknown");

        var lastOffset = baseOffset + header.LastOffsetDelta;
        var records = batch[RecordBatchHeader.Size..];
        if (session.Aborted is { } aborted && header.ProducerId >= 0)
        {
            aborted.AdmitUpTo(lastOffset);
            if (header.IsControl)
            {
                if (header.RecordCount > 0 && IsAbortMarker(Plain(records, header, session)))
                    aborted.EndAbortedTransaction(header.ProducerId);
            }
            else if (header.IsTransactional && aborted.IsAborted(header.ProducerId))
            {
                return lastOffset;
            }
        }

        // Control batches are never delivered; empty batches (compaction keeps a batch's last offset) and batches
        // wholly below the position hold nothing to deliver. All of them still advance the position.
        if (header.IsControl || header.RecordCount == 0 || lastOffset < session.NextOffset)
            return lastOffset;

        var reader = new KafkaReader(Plain(records, header, session));
        var floor = session.NextOffset;
        for (var i = 0; i < header.RecordCount; i++)
            ReadRecord(ref reader, header, session, ref floor);
        if (reader.Remaining != 0)
            throw Malformed($"{reader.Remaining} bytes follow the {header.RecordCount} records the batch announces");
        return lastOffset;
    }

    private static ReadOnlySpan<byte> Plain(ReadOnlySpan<byte> records, in RecordBatchHeader header, DecodeSession session) =>
        header.Codec == 0 ? records : session.Decompress((CompressionCodec)header.Codec, records, RecordBatchWriter.Magic);

    // A fetch from inside a batch returns the whole batch, so records below the position are read past.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadRecord(ref KafkaReader reader, in RecordBatchHeader header, DecodeSession session, ref long floor)
    {
        var body = new KafkaReader(ReadRecordBody(ref reader));
        body.ReadInt8();
        var timestampDelta = body.ReadVarLong();
        var offsetDelta = body.ReadVarInt();
        if (offsetDelta < 0 || offsetDelta > header.LastOffsetDelta)
            throw Malformed($"offset delta {offsetDelta} is outside the batch's 0..{header.LastOffsetDelta}");
        var offset = header.BaseOffset + offsetDelta;
        if (offset < floor)
            return;

        var key = ReadBytes(ref body);
        var value = ReadBytes(ref body);
        var headers = ReadHeaders(ref body);
        if (body.Remaining != 0)
            throw Malformed($"{body.Remaining} bytes follow the fields of the record at offset {offset}");

        var timestampType = header.TimestampType;
        var timestamp = timestampType == TimestampType.LogAppendTime ? header.MaxTimestamp : header.BaseTimestamp + timestampDelta;
        session.Pending.Add(new ConsumedRecord(
            session.Topic, session.Partition, offset, timestamp, timestampType, key, value, headers, header.PartitionLeaderEpoch));
        floor = offset + 1;
    }

    private static ReadOnlySpan<byte> ReadRecordBody(ref KafkaReader reader)
    {
        var length = reader.ReadVarInt();
        if (length < 0)
            throw Malformed($"record length {length} is negative");
        return reader.ReadRaw(length);
    }

    private static IReadOnlyList<RecordHeader> ReadHeaders(ref KafkaReader body)
    {
        var count = body.ReadVarInt();
        if (count == 0)
            return [];
        // A header takes at least two bytes (two varint lengths), which bounds the array a corrupt count asks for.
        if (count < 0 || count > body.Remaining / 2)
            throw Malformed($"header count {count} is out of range for the {body.Remaining} bytes left");
        var headers = new RecordHeader[count];
        for (var i = 0; i < count; i++)
        {
            var keyLength = body.ReadVarInt();
            if (keyLength < 0)
                throw Malformed($"header key length {keyLength} is negative; header keys are never null");
            // Java decodes header keys leniently (invalid UTF-8 becomes U+FFFD), and so does Sluice.
            var key = Encoding.UTF8.GetString(body.ReadRaw(keyLength));
            headers[i] = new RecordHeader(key, ReadBytes(ref body));
        }

        return headers;
    }

    private static byte[]? ReadBytes(ref KafkaReader body)
    {
        var length = body.ReadVarInt();
        if (length == -1)
            return null;
        if (length < 0)
            throw Malformed($"length {length} is negative");
        return body.ReadRaw(length).ToArray();
    }

    // A control record's key is version int16, then type int16: 0 ABORT, 1 COMMIT, others KRaft or internal.
    private static bool IsAbortMarker(ReadOnlySpan<byte> records)
    {
        var reader = new KafkaReader(records);
        var body = new KafkaReader(ReadRecordBody(ref reader));
        body.ReadInt8();
        body.ReadVarLong();
        body.ReadVarInt();
        var keyLength = body.ReadVarInt();
        if (keyLength < 4)
            throw Malformed($"a control record key of length {keyLength} cannot hold a version and a type");
        var key = body.ReadRaw(keyLength);
        var version = BinaryPrimitives.ReadInt16BigEndian(key);
        if (version < 0)
            throw Malformed($"control record version {version} is negative");
        return BinaryPrimitives.ReadInt16BigEndian(key[2..]) == AbortMarker;
    }

    private static KafkaProtocolException Malformed(string what) => new($"Malformed record batch: {what}.");
}
