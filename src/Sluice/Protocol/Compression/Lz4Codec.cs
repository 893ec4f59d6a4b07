using System.Buffers;

namespace Sluice.Protocol.Compression;

/// <summary>
/// LZ4 in the frame format: 64 KiB independent blocks without checksums, as the Java producer writes it. In magic 0
/// messages the frame header checksum is the broken one of Kafka 0.8-0.9 (KAFKA-1493): it is written that way
/// there and not checked when reading; magic 1 and 2 use and check the correct one.
/// </summary>
public sealed class Lz4Codec : ICodec
{
    /// <summary>The shared instance; the type holds no state.</summary>
    public static readonly Lz4Codec Instance = new();

    private Lz4Codec()
    {
    }

    /// <inheritdoc cref="ICodec.Codec" />
    public CompressionCodec Codec => CompressionCodec.Lz4;

    /// <inheritdoc />
    public void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Lz4FrameWriter.Write(source, destination, brokenHeaderChecksum: magic == 0);
    }

    /// <inheritdoc />
    public int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic, int maxLength)
    {
        var sink = new DecompressionSink(destination, Codec, maxLength);
        Lz4FrameReader.Read(source, ref sink, checkHeaderChecksum: magic != 0);
        return sink.Written;
    }
}
