namespace Sluice.Protocol.Compression;

/// <summary>Selects the compressor for a codec.</summary>
public static class Compressors
{
    /// <summary>The compressor that writes <paramref name="codec"/>.</summary>
    /// <exception cref="NotSupportedException"><paramref name="codec"/> is no Kafka codec.</exception>
    public static ICompressor For(CompressionCodec codec) => Codecs.For(codec);
}
