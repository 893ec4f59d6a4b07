using System.Buffers;
using Sluice.Protocol.Records;

namespace Sluice.Protocol.Messages;

/// <summary>What the broker returned for one partition.</summary>
/// <param name="Partition">The partition index.</param>
/// <param name="Error">None when records (or nothing new) came back.</param>
/// <param name="HighWatermark">The high watermark.</param>
/// <param name="LastStableOffset">The last stable offset (v4+), or -1.</param>
/// <param name="LogStartOffset">The first offset the broker still has (v5+), or -1.</param>
/// <param name="AbortedTransactions">Aborted transactions in the returned range under read_committed (v4+); empty when the broker sent none or null.</param>
/// <param name="PreferredReadReplica">The replica to fetch from next (v11+, KIP-392), or -1 to stay.</param>
/// <param name="Records">The raw record bytes, owned by this object (when read off the wire, in the pooled response
/// frame or a pooled copy); null when the broker sent null. The last batch may be cut short.</param>
/// <param name="CurrentLeader">The leader the broker knows (v12+ tag 1), when it sent one.</param>
public sealed record FetchPartitionResponse(
    int Partition,
    ErrorCode Error,
    long HighWatermark,
    long LastStableOffset,
    long LogStartOffset,
    IReadOnlyList<AbortedTransaction> AbortedTransactions,
    int PreferredReadReplica,
    ReadOnlyMemory<byte>? Records,
    FetchCurrentLeader? CurrentLeader)
{
    private byte[]? _pooled;
    private FrameBuffer? _frame;

    /// <summary>A response whose <see cref="Records"/> live in <paramref name="pooled"/>, rented from the shared pool.</summary>
    internal static FetchPartitionResponse WithPooledRecords(FetchPartitionResponse response, byte[] pooled) =>
        new(response) { _pooled = pooled };

    /// <summary>A response whose <see cref="Records"/> are a slice of <paramref name="frame"/>, of which it holds one reference.</summary>
    internal static FetchPartitionResponse WithRecordsInFrame(FetchPartitionResponse response, FrameBuffer frame) =>
        new(response) { _frame = frame };

    /// <summary>The pooled frame the records are in, of which this response holds one reference; null when they are not in one.</summary>
    internal FrameBuffer? Frame => _frame;

    /// <summary>
    /// Copies <paramref name="keep"/> (the part of the records still to be read) into a pooled buffer of its own size
    /// and drops this response's hold on its frame. Returns the copy, or null when the records are in no frame.
    /// </summary>
    internal ReadOnlyMemory<byte>? MoveOutOfFrame(ReadOnlySpan<byte> keep)
    {
        var frame = _frame;
        if (frame is null)
            return null;
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(keep.Length, 1));
        keep.CopyTo(copy);
        _pooled = copy;
        _frame = null;
        frame.Release();
        return new ReadOnlyMemory<byte>(copy, 0, keep.Length);
    }

    /// <summary>
    /// Gives the records' buffer back to the pool once they are decoded (the decoders copy what they keep), so a
    /// consumer reading at full speed does not allocate a copy of every fetched byte. <see cref="Records"/> must
    /// not be read afterwards.
    /// </summary>
    internal void ReleaseRecords()
    {
        if (Interlocked.Exchange(ref _pooled, null) is { } buffer)
            ArrayPool<byte>.Shared.Return(buffer);
        Interlocked.Exchange(ref _frame, null)?.Release();
    }
}
