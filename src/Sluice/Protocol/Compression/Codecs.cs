namespace Sluice.Protocol.Compression;

/// <summary>Selects the codec implementation for a codec id.</summary>
public static class Codecs
{
    /// <summary>The implementation of <paramref name="codec"/>, which compresses and decompresses it.</summary>
    /// <exception cref="NotSupportedException"><paramref name="codec"/> is no Kafka codec.</exception>
    public static ICodec For(CompressionCodec codec) => codec switch
    {
        CompressionCodec.None => NoneCodec.Instance,
        CompressionCodec.Gzip => GzipCodec.Instance,
        CompressionCodec.Snappy => SnappyCodec.Instance,
        CompressionCodec.Lz4 => Lz4Codec.Instance,
        CompressionCodec.Zstd => ZstdCodec.Instance,
        _ => throw new NotSupportedException($"Compression codec id {(byte)codec} is not a Kafka codec."),
    };
}
