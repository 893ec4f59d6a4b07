using Sluice.Protocol.Records;

namespace Sluice.Tests.Protocol.Records;

internal sealed record ParsedRecord(
    int Length,
    sbyte Attributes,
    long TimestampDelta,
    int OffsetDelta,
    byte[]? Key,
    byte[]? Value,
    IReadOnlyList<RecordHeader> Headers);
