namespace Sluice.Protocol.Compression;

/// <summary>One Kafka compression codec, both ways.</summary>
public interface ICodec : ICompressor, IDecompressor
{
    /// <summary>The codec id in the attributes; the same for both directions.</summary>
    new CompressionCodec Codec { get; }
}
