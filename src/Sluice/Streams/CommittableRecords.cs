using Sluice.Protocol.Records;

namespace Sluice.Streams;

/// <summary>A chunk of records and one committable covering all of them (the highest offset per partition).</summary>
public sealed record CommittableRecords(IReadOnlyList<ConsumedRecord> Records, CommittableOffsetBatch CommittableOffsets);
