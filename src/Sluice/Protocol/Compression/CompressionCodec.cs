namespace Sluice.Protocol.Compression;

/// <summary>
/// The compression codecs of Kafka's record formats, by the id carried in bits 0-2 of a message's or a record
/// batch's attributes.
/// </summary>
public enum CompressionCodec : byte
{
    /// <summary>Records are stored as they are.</summary>
    None = 0,

    /// <summary>An RFC 1952 gzip stream.</summary>
    Gzip = 1,

    /// <summary>Snappy, framed or raw.</summary>
    Snappy = 2,

    /// <summary>An LZ4 frame.</summary>
    Lz4 = 3,

    /// <summary>A zstd frame; only record batches (magic 2) can carry it, and Produce needs v7+.</summary>
    Zstd = 4,
}
