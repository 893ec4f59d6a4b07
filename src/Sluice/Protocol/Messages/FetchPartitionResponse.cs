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
/// <param name="Records">The raw record bytes, owned by this object (copied out of the response frame); null when the broker sent null. The last batch may be cut short.</param>
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
    FetchCurrentLeader? CurrentLeader);
