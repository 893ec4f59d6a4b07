namespace Sluice.Protocol.Records;

/// <summary>
/// One record header (KIP-82). Only record batches (magic 2, Produce v3+) can carry headers.
/// </summary>
/// <param name="Key">The header name, written as UTF-8; never null.</param>
/// <param name="Value">The header value; null and empty are different values on the wire.</param>
public readonly record struct RecordHeader(string Key, byte[]? Value);
