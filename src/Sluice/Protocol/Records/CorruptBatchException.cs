namespace Sluice.Protocol.Records;

/// <summary>
/// A batch (record batch v2) or message (magic 0/1, with its inner messages) failed its CRC or could not be
/// decoded: a bad length or varint, a field out of range, or compressed data that is corrupt or decompresses
/// past <see cref="RecordDecodeOptions.MaxDecompressedBatchBytes"/>.
/// </summary>
public sealed class CorruptBatchException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="topic">The topic of the partition.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="baseOffset">The batch's base offset, or the offset field of a magic 0/1 message.</param>
    /// <param name="lastOffset">The last offset the batch claims; skipping resumes after it.</param>
    /// <param name="reason">What failed.</param>
    /// <param name="expectedCrc">The CRC stored in the batch, when the CRC failed.</param>
    /// <param name="actualCrc">The CRC computed over the bytes received, when the CRC failed.</param>
    /// <param name="innerException">The decoding or decompression failure behind it, if any.</param>
    public CorruptBatchException(
        string topic,
        int partition,
        long baseOffset,
        long lastOffset,
        string reason,
        uint? expectedCrc = null,
        uint? actualCrc = null,
        Exception? innerException = null)
        : base(Describe(topic, partition, baseOffset, reason, expectedCrc, actualCrc), innerException)
    {
        Topic = topic;
        Partition = partition;
        BaseOffset = baseOffset;
        LastOffset = lastOffset;
        Reason = reason;
        ExpectedCrc = expectedCrc;
        ActualCrc = actualCrc;
    }

    /// <summary>The topic of the partition.</summary>
    public string Topic { get; }

    /// <summary>The partition.</summary>
    public int Partition { get; }

    /// <summary>The batch's base offset, or the offset field of a magic 0/1 message (a wrapper's last inner offset).</summary>
    public long BaseOffset { get; }

    /// <summary>
    /// The last offset the batch claims (base offset plus LastOffsetDelta for v2, the message offset for magic
    /// 0/1). A skipped batch advances the position past it; for a failed CRC the value is not checked.
    /// </summary>
    public long LastOffset { get; }

    /// <summary>What failed, in words.</summary>
    public string Reason { get; }

    /// <summary>The CRC stored in the batch, when the CRC check failed; otherwise null.</summary>
    public uint? ExpectedCrc { get; }

    /// <summary>The CRC computed over the bytes received, when the CRC check failed; otherwise null.</summary>
    public uint? ActualCrc { get; }

    private static string Describe(string topic, int partition, long baseOffset, string reason, uint? expected, uint? actual)
    {
        var crcs = expected is { } e && actual is { } a ? $" (stored CRC 0x{e:X8}, computed 0x{a:X8})" : "";
        return $"Corrupt record batch in {topic}-{partition} at offset {baseOffset}: {reason}{crcs}.";
    }
}
