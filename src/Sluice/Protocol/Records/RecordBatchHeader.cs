using System.Buffers.Binary;

namespace Sluice.Protocol.Records;

/// <summary>The fixed 61-byte header of a record batch v2, as read from the wire.</summary>
internal readonly record struct RecordBatchHeader(
    long BaseOffset,
    int PartitionLeaderEpoch,
    uint Crc,
    short Attributes,
    int LastOffsetDelta,
    long BaseTimestamp,
    long MaxTimestamp,
    long ProducerId,
    int RecordCount)
{
    /// <summary>Bytes from the base offset to the end of the record count, where the record array starts.</summary>
    public const int Size = 61;

    /// <summary>Where the CRC-32C coverage starts: the attributes.</summary>
    public const int CrcCoverageStart = 21;

    private const int CodecMask = 0x07;
    private const int LogAppendTimeFlag = 0x08;
    private const int TransactionalFlag = 0x10;
    private const int ControlFlag = 0x20;

    /// <summary>The codec id, bits 0-2 of the attributes.</summary>
    public int Codec => Attributes & CodecMask;

    /// <summary>Bit 3: the records carry the broker's append time, which is <see cref="MaxTimestamp"/>.</summary>
    public TimestampType TimestampType => (Attributes & LogAppendTimeFlag) != 0 ? TimestampType.LogAppendTime : TimestampType.CreateTime;

    /// <summary>Bit 4: the batch belongs to a transaction.</summary>
    public bool IsTransactional => (Attributes & TransactionalFlag) != 0;

    /// <summary>Bit 5: the batch holds a control record (a transaction marker), never delivered.</summary>
    public bool IsControl => (Attributes & ControlFlag) != 0;

    /// <summary>Reads the header at the start of <paramref name="batch"/>, which holds at least <see cref="Size"/> bytes.</summary>
    public static RecordBatchHeader Read(ReadOnlySpan<byte> batch) => new(
        BinaryPrimitives.ReadInt64BigEndian(batch),
        BinaryPrimitives.ReadInt32BigEndian(batch[12..]),
        BinaryPrimitives.ReadUInt32BigEndian(batch[17..]),
        BinaryPrimitives.ReadInt16BigEndian(batch[21..]),
        BinaryPrimitives.ReadInt32BigEndian(batch[23..]),
        BinaryPrimitives.ReadInt64BigEndian(batch[27..]),
        BinaryPrimitives.ReadInt64BigEndian(batch[35..]),
        BinaryPrimitives.ReadInt64BigEndian(batch[43..]),
        BinaryPrimitives.ReadInt32BigEndian(batch[57..]));

    /// <summary>
    /// The last offset a batch claims, from the first 27 bytes of it; the base offset when they cannot say.
    /// Skipping a corrupt batch resumes after it.
    /// </summary>
    public static long ClaimedLastOffset(ReadOnlySpan<byte> batch)
    {
        var baseOffset = BinaryPrimitives.ReadInt64BigEndian(batch);
        if (batch.Length < 27)
            return baseOffset;
        var lastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(batch[23..]);
        return lastOffsetDelta >= 0 && baseOffset <= long.MaxValue - lastOffsetDelta ? baseOffset + lastOffsetDelta : baseOffset;
    }
}
