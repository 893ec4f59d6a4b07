using System.Buffers;
using System.IO.Compression;

namespace Sluice.Protocol.Compression;

/// <summary>Compresses to a single-member RFC 1952 gzip stream, as the Java producer writes it.</summary>
public sealed class GzipCompressor : ICompressor
{
    /// <summary>The shared instance, at the default deflate level the Java producer uses.</summary>
    public static readonly GzipCompressor Instance = new(CompressionLevel.Optimal);

    private readonly CompressionLevel _level;

    /// <summary>Creates a compressor at <paramref name="level"/>.</summary>
    public GzipCompressor(CompressionLevel level)
    {
        _level = level;
    }

    /// <inheritdoc />
    public CompressionCodec Codec => CompressionCodec.Gzip;

    /// <inheritdoc />
    public void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var sink = new BufferWriterStream(destination);
        using var gzip = new GZipStream(sink, _level, leaveOpen: true);
        gzip.Write(source);
    }
}
