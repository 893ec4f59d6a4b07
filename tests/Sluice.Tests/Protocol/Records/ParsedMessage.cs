namespace Sluice.Tests.Protocol.Records;

internal sealed record ParsedMessage(
    long Offset,
    int MessageSize,
    uint Crc,
    uint ComputedCrc,
    sbyte Magic,
    sbyte Attributes,
    long? Timestamp,
    byte[]? Key,
    byte[]? Value);
