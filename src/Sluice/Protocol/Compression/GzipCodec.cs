using System.Buffers;
using System.IO.Compression;

namespace Sluice.Protocol.Compression;

/// <summary>
/// Gzip: compresses to a single-member RFC 1952 stream, as the Java producer writes it; decompresses any number
/// of concatenated members, as Java's GZIPInputStream does.
/// </summary>
public sealed class GzipCodec : ICodec
{
    /// <summary>The shared instance, at the default deflate level the Java producer uses.</summary>
    public static readonly GzipCodec Instance = new(CompressionLevel.Optimal);

    private const int ChunkSize = 64 * 1024;

    private readonly CompressionLevel _level;

    /// <summary>Creates a codec that compresses at <paramref name="level"/>.</summary>
    public GzipCodec(CompressionLevel level)
    {
        _level = level;
    }

    /// <inheritdoc cref="ICodec.Codec" />
    public CompressionCodec Codec => CompressionCodec.Gzip;

    /// <inheritdoc />
    public void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var sink = new BufferWriterStream(destination);
        using var gzip = new GZipStream(sink, _level, leaveOpen: true);
        gzip.Write(source);
    }

    /// <inheritdoc />
    public int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic, int maxLength)
    {
        var sink = new DecompressionSink(destination, Codec, maxLength);
        // GZipStream reads from a stream, so the compressed bytes are copied into a pooled array first.
        var compressed = ArrayPool<byte>.Shared.Rent(source.Length);
        try
        {
            source.CopyTo(compressed);
            using var input = new MemoryStream(compressed, 0, source.Length, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            while (true)
            {
                var read = gzip.Read(sink.GetChunk(ChunkSize));
                if (read == 0)
                    return sink.Written;
                sink.Advance(read);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            throw new DecompressionException($"The gzip data is corrupt: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }
}
