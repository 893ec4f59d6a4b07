namespace Sluice.Protocol.Compression;

/// <summary>Selects the compressor for a codec.</summary>
public static class Compressors
{
    /// <summary>The compressor that writes <paramref name="codec"/>.</summary>
    /// <exception cref="NotSupportedException">Sluice cannot write <paramref name="codec"/> yet, or it is no Kafka codec.</exception>
    public static ICompressor For(CompressionCodec codec) => codec switch
    {
        CompressionCodec.None => NoneCompressor.Instance,
        CompressionCodec.Gzip => GzipCompressor.Instance,
        CompressionCodec.Snappy or CompressionCodec.Lz4 or CompressionCodec.Zstd =>
            throw new NotSupportedException($"Sluice cannot compress with the {codec} codec yet; use None or Gzip."),
        _ => throw new NotSupportedException($"Compression codec id {(byte)codec} is not a Kafka codec."),
    };
}
