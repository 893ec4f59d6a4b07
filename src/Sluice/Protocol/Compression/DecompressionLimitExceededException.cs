namespace Sluice.Protocol.Compression;

/// <summary>
/// Compressed records decompress to more than the allowed size: a decompression bomb, a corrupt length, or a
/// batch larger than <see cref="Records.RecordDecodeOptions.MaxDecompressedBatchBytes"/> allows.
/// </summary>
public sealed class DecompressionLimitExceededException : DecompressionException
{
    /// <summary>Creates the exception for <paramref name="codec"/> and the limit it exceeded.</summary>
    public DecompressionLimitExceededException(CompressionCodec codec, int limit)
        : base($"{codec} data decompresses to more than the {limit}-byte limit (MaxDecompressedBatchBytes).")
    {
        Codec = codec;
        Limit = limit;
    }

    /// <summary>The codec of the data.</summary>
    public CompressionCodec Codec { get; }

    /// <summary>The limit in bytes that was exceeded.</summary>
    public int Limit { get; }
}
