using System.Buffers;

namespace Sluice.Protocol.Compression;

/// <summary>The identity codec: records are stored uncompressed.</summary>
public sealed class NoneCodec : ICodec
{
    /// <summary>The shared instance; the type holds no state.</summary>
    public static readonly NoneCodec Instance = new();

    private NoneCodec()
    {
    }

    /// <inheritdoc cref="ICodec.Codec" />
    public CompressionCodec Codec => CompressionCodec.None;

    /// <inheritdoc />
    public void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.Write(source);
    }

    /// <inheritdoc />
    public int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic, int maxLength)
    {
        var sink = new DecompressionSink(destination, Codec, maxLength);
        sink.Write(source);
        return sink.Written;
    }
}
