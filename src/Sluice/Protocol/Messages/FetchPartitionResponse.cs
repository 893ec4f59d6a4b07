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
    private ReadOnlyMemory<byte>? _records = Records;
    private RecordPiece[]? _pieces;

    /// <summary>The raw record bytes (see the constructor); null when the broker sent null.</summary>
    public ReadOnlyMemory<byte>? Records
    {
        get
        {
            // Records read from a frame in segments are pieces in several buffers; they are joined only when asked
            // for as one (the consumer itself reads the pieces), and kept once joined.
            if (_pieces is { Length: > 1 } pieces && _records is null)
            {
                var joined = new byte[pieces.Sum(p => p.Bytes.Length)];
                var at = 0;
                foreach (var piece in pieces)
                {
                    piece.Bytes.Span.CopyTo(joined.AsSpan(at));
                    at += piece.Bytes.Length;
                }

                _records = joined;
            }

            return _records;
        }

        init => _records = value;
    }

    /// <summary>
    /// A response whose records are <paramref name="pieces"/> (as read off the wire, see
    /// <see cref="KafkaReader.ReadRecordPieces"/>), which it owns; null pieces stand for the broker's null.
    /// </summary>
    internal static FetchPartitionResponse WithPieces(FetchPartitionResponse response, RecordPiece[]? pieces) => pieces switch
    {
        null => response with { Records = null },
        [] => response with { Records = ReadOnlyMemory<byte>.Empty },
        [var one] => new(response) { _records = one.Bytes, _pieces = pieces },
        _ => new(response) { _records = null, _pieces = pieces },
    };

    /// <summary>
    /// The records as pieces of whole entries in order (see <see cref="RecordPiece"/>): one for records in one
    /// buffer, several for records read into a frame in segments; none for null or empty records.
    /// </summary>
    internal IReadOnlyList<RecordPiece> Pieces
    {
        get
        {
            if (_pieces is null && _records is { Length: > 0 } records)
                _pieces = [RecordPiece.Unowned(records)];
            return _pieces ?? [];
        }
    }

    /// <summary>
    /// Gives the records' buffers back to the pool once they are decoded (the decoders copy what they keep), so a
    /// consumer reading at full speed does not allocate a copy of every fetched byte. <see cref="Records"/> must
    /// not be read afterwards.
    /// </summary>
    internal void ReleaseRecords()
    {
        if (_pieces is { } pieces)
        {
            foreach (var piece in pieces)
                piece.Release();
        }
    }
}
