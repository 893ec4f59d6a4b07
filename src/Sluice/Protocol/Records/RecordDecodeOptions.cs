namespace Sluice.Protocol.Records;

/// <summary>How <see cref="RecordSetDecoder"/> checks and filters the records of a fetch.</summary>
public sealed record RecordDecodeOptions
{
    /// <summary>The default cap on the decompressed size of one batch or wrapper message: 256 MiB.</summary>
    public const int DefaultMaxDecompressedBatchBytes = 256 * 1024 * 1024;

    /// <summary>CRCs checked, corrupt batches fatal, read_uncommitted, a 256 MiB decompression cap.</summary>
    public static RecordDecodeOptions Default { get; } = new();

    /// <summary>
    /// Verify each batch's CRC (CRC-32C for record batches, CRC-32 for messages), as Java's check.crcs does by
    /// default. Off, damaged bytes may still be caught by the structure checks, or may decode to wrong records.
    /// A control batch whose CRC field is 0 passes: the librdkafka mock cluster writes its transaction markers
    /// that way, and control batches are never delivered.
    /// </summary>
    public bool CheckCrcs { get; init; } = true;

    /// <summary>
    /// Skip a corrupt batch (advancing past it) and report it in <see cref="RecordSetDecodeResult.Skipped"/>
    /// instead of throwing <see cref="CorruptBatchException"/>. Its records are lost to the consumer.
    /// </summary>
    public bool SkipCorruptBatches { get; init; }

    /// <summary>
    /// ReadCommitted drops the batches of aborted transactions, using the list the read_committed Fetch returns.
    /// It must match the isolation level the fetch was sent with.
    /// </summary>
    public IsolationLevel IsolationLevel
    {
        get;
        init => field = value is IsolationLevel.ReadUncommitted or IsolationLevel.ReadCommitted
            ? value
            : throw new ArgumentOutOfRangeException(nameof(IsolationLevel), value, "IsolationLevel is ReadUncommitted or ReadCommitted.");
    }

    /// <summary>
    /// The most bytes one compressed batch (or magic 0/1 wrapper message) may decompress to. A batch that
    /// would exceed it is treated as corrupt, so a decompression bomb costs at most this much memory.
    /// </summary>
    public int MaxDecompressedBatchBytes
    {
        get;
        init => field = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxDecompressedBatchBytes), value, "MaxDecompressedBatchBytes must be positive.");
    } = DefaultMaxDecompressedBatchBytes;

    /// <summary>A copy with <see cref="CheckCrcs"/> set.</summary>
    public RecordDecodeOptions WithCheckCrcs(bool checkCrcs) => this with { CheckCrcs = checkCrcs };

    /// <summary>A copy with <see cref="SkipCorruptBatches"/> set.</summary>
    public RecordDecodeOptions WithSkipCorruptBatches(bool skipCorruptBatches) => this with { SkipCorruptBatches = skipCorruptBatches };

    /// <summary>A copy with <see cref="IsolationLevel"/> set.</summary>
    public RecordDecodeOptions WithIsolationLevel(IsolationLevel isolationLevel) => this with { IsolationLevel = isolationLevel };

    /// <summary>A copy with <see cref="MaxDecompressedBatchBytes"/> set.</summary>
    public RecordDecodeOptions WithMaxDecompressedBatchBytes(int maxDecompressedBatchBytes) =>
        this with { MaxDecompressedBatchBytes = maxDecompressedBatchBytes };
}
