namespace Sluice.Tests.Protocol.Records;

internal sealed record ParsedBatch(
    long BaseOffset,
    int BatchLength,
    int PartitionLeaderEpoch,
    sbyte Magic,
    uint Crc,
    short Attributes,
    int LastOffsetDelta,
    long BaseTimestamp,
    long MaxTimestamp,
    long ProducerId,
    short ProducerEpoch,
    int BaseSequence,
    int RecordCount,
    byte[] RecordArray,
    IReadOnlyList<ParsedRecord> Records);
