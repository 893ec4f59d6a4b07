using System.Buffers;
using System.Buffers.Binary;
using Snappier;

namespace Sluice.Protocol.Compression;

/// <summary>
/// Snappy. Compresses in the xerial snappy-java framing the Java producer writes for every magic; decompresses
/// that framing and a plain raw snappy block, which librdkafka produces.
/// </summary>
/// <remarks>
/// The xerial framing is an 8-byte magic <c>82 'SNAPPY' 00</c>, a version and a minimum compatible version (both
/// int32 big-endian, 1 and 1), then chunks of <c>[int32 big-endian length][raw snappy block]</c>.
/// </remarks>
public sealed class SnappyCodec : ICodec
{
    /// <summary>The shared instance; the type holds no state.</summary>
    public static readonly SnappyCodec Instance = new();

    /// <summary>The bytes a xerial snappy-java stream starts with.</summary>
    public static ReadOnlySpan<byte> XerialMagic => [0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0];

    /// <summary>The xerial header: the magic, the version and the minimum compatible version.</summary>
    public const int XerialHeaderSize = 16;

    // snappy-java's SnappyOutputStream compresses its input in blocks of 32 KiB.
    private const int XerialBlockSize = 32 * 1024;
    private const int XerialVersion = 1;
    private const int XerialCompatibleVersion = 1;

    private SnappyCodec()
    {
    }

    /// <inheritdoc cref="ICodec.Codec" />
    public CompressionCodec Codec => CompressionCodec.Snappy;

    /// <inheritdoc />
    public void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var header = destination.GetSpan(XerialHeaderSize);
        XerialMagic.CopyTo(header);
        BinaryPrimitives.WriteInt32BigEndian(header[8..], XerialVersion);
        BinaryPrimitives.WriteInt32BigEndian(header[12..], XerialCompatibleVersion);
        destination.Advance(XerialHeaderSize);

        while (!source.IsEmpty)
        {
            var block = source[..Math.Min(XerialBlockSize, source.Length)];
            var chunk = destination.GetSpan(4 + Snappy.GetMaxCompressedLength(block.Length));
            var length = Snappy.Compress(block, chunk[4..]);
            BinaryPrimitives.WriteInt32BigEndian(chunk, length);
            destination.Advance(4 + length);
            source = source[block.Length..];
        }
    }

    /// <inheritdoc />
    public int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic, int maxLength)
    {
        var sink = new DecompressionSink(destination, Codec, maxLength);
        if (!source.StartsWith(XerialMagic))
        {
            DecompressBlock(source, ref sink);
            return sink.Written;
        }

        while (!source.IsEmpty)
        {
            // snappy-java reads concatenated streams, each starting with its own header. A chunk length is
            // never negative, so a 0x82 byte where a length starts can only be a header.
            if (source.StartsWith(XerialMagic))
            {
                if (source.Length < XerialHeaderSize)
                    throw new DecompressionException($"The xerial snappy header is cut short: {source.Length} of {XerialHeaderSize} bytes.");
                source = source[XerialHeaderSize..];
                continue;
            }

            if (source.Length < 4)
                throw new DecompressionException($"A xerial snappy chunk length is cut short: {source.Length} of 4 bytes.");
            var length = BinaryPrimitives.ReadInt32BigEndian(source);
            if (length < 0 || length > source.Length - 4)
                throw new DecompressionException($"A xerial snappy chunk announces {length} bytes but {source.Length - 4} remain.");
            DecompressBlock(source.Slice(4, length), ref sink);
            source = source[(4 + length)..];
        }

        return sink.Written;
    }

    private static void DecompressBlock(ReadOnlySpan<byte> block, ref DecompressionSink sink)
    {
        try
        {
            // A raw block starts with its uncompressed length, so the limit is checked before any memory is taken.
            var length = Snappy.GetUncompressedLength(block);
            var output = sink.GetExact(length);
            var written = Snappy.Decompress(block, output);
            if (written != length)
                throw new DecompressionException($"A snappy block announced {length} bytes but decompressed to {written}.");
            sink.Advance(written);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            throw new DecompressionException($"The snappy data is corrupt: {e.Message}", e);
        }
    }
}
