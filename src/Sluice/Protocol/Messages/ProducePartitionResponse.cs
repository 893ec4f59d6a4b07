namespace Sluice.Protocol.Messages;

/// <summary>The outcome of appending to one partition.</summary>
/// <param name="Partition">The partition index.</param>
/// <param name="Error">None when the records were appended.</param>
/// <param name="BaseOffset">The offset the broker gave the first record, or -1.</param>
/// <param name="LogAppendTimeMs">The broker's append time when the topic uses LogAppendTime (v2+), else -1.</param>
/// <param name="LogStartOffset">The partition's first offset (v5+), or -1.</param>
/// <param name="RecordErrors">The records that failed the batch (v8+).</param>
/// <param name="ErrorMessage">A message for <paramref name="Error"/> (v8+), or null.</param>
public sealed record ProducePartitionResponse(
    int Partition,
    ErrorCode Error,
    long BaseOffset,
    long LogAppendTimeMs,
    long LogStartOffset,
    IReadOnlyList<ProduceRecordError> RecordErrors,
    string? ErrorMessage);
