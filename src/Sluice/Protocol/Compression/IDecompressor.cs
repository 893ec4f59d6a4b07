using System.Buffers;

namespace Sluice.Protocol.Compression;

/// <summary>Decompresses the records of one message set wrapper or record batch with one codec.</summary>
public interface IDecompressor
{
    /// <summary>The codec this decompressor reads.</summary>
    CompressionCodec Codec { get; }

    /// <summary>Appends the decompressed form of <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="source">The compressed value of a wrapper message, or the record array of a batch.</param>
    /// <param name="destination">Where the decompressed bytes go.</param>
    /// <param name="magic">
    /// The record format the bytes came in. LZ4 frames inside magic 0 messages carry a header checksum computed
    /// the broken way of Kafka 0.8-0.9 (KAFKA-1493), so it is not checked there.
    /// </param>
    /// <param name="maxLength">The most bytes the decompressed form may have.</param>
    /// <returns>How many bytes were appended.</returns>
    /// <exception cref="DecompressionException">The data is not valid for the codec.</exception>
    /// <exception cref="DecompressionLimitExceededException">The data decompresses to more than <paramref name="maxLength"/> bytes.</exception>
    int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic, int maxLength);
}
