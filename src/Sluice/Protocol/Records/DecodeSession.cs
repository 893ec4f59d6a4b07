using Sluice.Protocol.Compression;

namespace Sluice.Protocol.Records;

/// <summary>
/// The state of one <see cref="RecordSetDecoder.DecodeEntries"/> call: the position reached, the records of the entry
/// being decoded (appended to the caller's output only once the whole entry decoded), and the buffer compressed
/// entries decompress into.
/// </summary>
internal sealed class DecodeSession : IDisposable
{
    // One list per thread, taken while a decode runs, so records are staged without allocating per call.
    [ThreadStatic]
    private static List<ConsumedRecord>? t_pending;

    private const int MaxKeptCapacity = 64 * 1024;

    private KafkaWriter? _decompressed;

    public DecodeSession(string topic, int partition, long fetchOffset, RecordDecodeOptions options, AbortedTransactionFilter? aborted)
    {
        Topic = topic;
        Partition = partition;
        Options = options;
        NextOffset = fetchOffset;
        Pending = t_pending ?? [];
        t_pending = null;
        Aborted = aborted;
    }

    public string Topic { get; }

    public int Partition { get; }

    public RecordDecodeOptions Options { get; }

    /// <summary>One past the last offset of the entries completed so far; records below it are not delivered.</summary>
    public long NextOffset { get; private set; }

    /// <summary>The records of the entry being decoded, in offset order.</summary>
    public List<ConsumedRecord> Pending { get; }

    /// <summary>The read_committed filter, or null under read_uncommitted; it outlives the session when a chunk is decoded in steps.</summary>
    public AbortedTransactionFilter? Aborted { get; }

    public int RecordsAdded { get; private set; }

    /// <summary>Hands the pending records of a decoded entry to <paramref name="output"/> and moves past the entry.</summary>
    public void Complete(long lastOffset, ICollection<ConsumedRecord> output)
    {
        foreach (var record in Pending)
            output.Add(record);
        RecordsAdded += Pending.Count;
        Pending.Clear();
        Advance(lastOffset);
    }

    /// <summary>Drops the pending records of an entry that failed.</summary>
    public void Discard() => Pending.Clear();

    /// <summary>Moves the position past <paramref name="lastOffset"/>, never backwards.</summary>
    public void Advance(long lastOffset)
    {
        if (lastOffset >= NextOffset)
            NextOffset = lastOffset == long.MaxValue ? long.MaxValue : lastOffset + 1;
    }

    /// <summary>Decompresses one batch's records or one wrapper's value; the span is valid until the next call.</summary>
    public ReadOnlySpan<byte> Decompress(CompressionCodec codec, ReadOnlySpan<byte> compressed, byte magic)
    {
        _decompressed ??= new KafkaWriter((int)Math.Min(Options.MaxDecompressedBatchBytes, Math.Max(64 * 1024, 4L * compressed.Length)));
        _decompressed.Reset();
        Codecs.For(codec).Decompress(compressed, _decompressed, magic, Options.MaxDecompressedBatchBytes);
        return _decompressed.WrittenSpan;
    }

    public CorruptBatchException Corrupt(long baseOffset, long lastOffset, string reason, uint? expectedCrc = null, uint? actualCrc = null, Exception? inner = null) =>
        new(Topic, Partition, baseOffset, lastOffset, reason, expectedCrc, actualCrc, inner);

    public void Dispose()
    {
        _decompressed?.Dispose();
        Pending.Clear();
        if (Pending.Capacity <= MaxKeptCapacity)
            t_pending = Pending;
    }
}
