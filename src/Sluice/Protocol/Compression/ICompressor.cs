using System.Buffers;

namespace Sluice.Protocol.Compression;

/// <summary>Compresses the records of one message set or record batch with one codec.</summary>
public interface ICompressor
{
    /// <summary>The codec this compressor writes.</summary>
    CompressionCodec Codec { get; }

    /// <summary>Appends the compressed form of <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="source">The uncompressed inner message set or record array.</param>
    /// <param name="destination">Where the compressed bytes go.</param>
    /// <param name="magic">
    /// The record format the bytes are written into. Codecs can depend on it: LZ4 frames inside magic 0
    /// messages carry a header checksum computed the way Kafka 0.8-0.9 did it (KAFKA-1493).
    /// </param>
    void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic);
}
