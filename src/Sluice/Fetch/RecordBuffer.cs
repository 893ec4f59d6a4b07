using System.Runtime.CompilerServices;
using Sluice.Protocol.Records;

namespace Sluice.Fetch;

/// <summary>
/// A partition's fetched records not handed out yet, in offset order: the chunks of record bytes as fetched,
/// decoded a few entries at a time as records are taken. Actor-confined (the <see cref="PartitionReader"/>).
/// </summary>
internal sealed class RecordBuffer
{
    // Enough records per decode step that the per-step cost vanishes, few enough that they die young.
    private const int DecodeStep = 256;

    private readonly Queue<RecordChunk> _chunks = new();
    private readonly List<ConsumedRecord> _decoded = new();
    private int _next;

    /// <summary>Records buffered: those decoded and not taken, and an estimate of those still in the chunks.</summary>
    public int Count
    {
        get
        {
            long count = _decoded.Count - _next;
            foreach (var chunk in _chunks)
                count += chunk.EstimatedRemaining;
            return (int)Math.Min(count, int.MaxValue);
        }
    }

    /// <summary>Fetched bytes not decoded yet (the records decoded and not taken are no longer counted).</summary>
    public long Bytes
    {
        get
        {
            long bytes = 0;
            foreach (var chunk in _chunks)
                bytes += chunk.RemainingBytes;
            return bytes;
        }
    }

    /// <summary>Whether nothing is buffered, decoded or not.</summary>
    public bool IsEmpty => _next == _decoded.Count && _chunks.Count == 0;

    /// <summary>Corrupt batches skipped while decoding, not yet reported.</summary>
    public List<CorruptBatchException> Skipped { get; } = new();

    /// <summary>
    /// A corrupt batch (not skipped) met while decoding: nothing after it can be delivered, so the chunks after it
    /// are dropped; the records before it are still taken first. The reader collects it with <see cref="TakeFailure"/>.
    /// </summary>
    public CorruptBatchException? Failure { get; private set; }

    /// <summary>Adds a fetched chunk after everything buffered.</summary>
    public void Add(RecordChunk chunk)
    {
        if (chunk.EstimatedRemaining == 0)
            chunk.Release();
        else
            _chunks.Enqueue(chunk);
    }

    /// <summary>The chunks not decoded to the end yet, oldest first.</summary>
    public IEnumerable<RecordChunk> Chunks => _chunks;

    /// <summary>Takes the next record, decoding more of the first chunk when the decoded ones are used up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryDequeue(out ConsumedRecord record)
    {
        while (_next == _decoded.Count)
        {
            if (!DecodeMore())
            {
                record = null!;
                return false;
            }
        }

        record = _decoded[_next++];
        return true;
    }

    /// <summary>Drops everything buffered and gives the chunks' bytes back.</summary>
    public void Clear()
    {
        Failure = null;
        _decoded.Clear();
        _next = 0;
        DropChunks();
    }

    /// <summary>Returns <see cref="Failure"/> once, or null.</summary>
    public CorruptBatchException? TakeFailure()
    {
        var failure = Failure;
        Failure = null;
        return failure;
    }

    private bool DecodeMore()
    {
        _decoded.Clear();
        _next = 0;
        while (_chunks.TryPeek(out var chunk))
        {
            var added = 0;
            try
            {
                added = chunk.DecodeInto(_decoded, DecodeStep, Skipped);
            }
            catch (CorruptBatchException e)
            {
                Failure = e;
                DropChunks();
                return _decoded.Count > 0;
            }

            if (chunk.IsExhausted)
                _chunks.Dequeue();
            if (added > 0)
                return true;
        }

        return false;
    }

    private void DropChunks()
    {
        while (_chunks.TryDequeue(out var chunk))
            chunk.Release();
    }
}
