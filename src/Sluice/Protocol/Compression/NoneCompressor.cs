using System.Buffers;

namespace Sluice.Protocol.Compression;

/// <summary>The identity codec: records are stored uncompressed.</summary>
public sealed class NoneCompressor : ICompressor
{
    /// <summary>The shared instance; the type holds no state.</summary>
    public static readonly NoneCompressor Instance = new();

    private NoneCompressor()
    {
    }

    /// <inheritdoc />
    public CompressionCodec Codec => CompressionCodec.None;

    /// <inheritdoc />
    public void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(source);
    }
}
