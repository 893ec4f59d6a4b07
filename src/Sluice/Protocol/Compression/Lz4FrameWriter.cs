using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using K4os.Compression.LZ4;

namespace Sluice.Protocol.Compression;

/// <summary>Writes one LZ4 frame the way Kafka's Java producer does: 64 KiB independent blocks, no checksums.</summary>
internal static class Lz4FrameWriter
{
    private const int HeaderSize = 7;

    public static void Write(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, bool brokenHeaderChecksum)
    {
        var header = destination.GetSpan(HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(header, Lz4Frame.Magic);
        header[4] = Lz4Frame.Flags;
        header[5] = Lz4Frame.BlockDescriptor;
        // The header checksum is the second byte of the xxHash32 of the descriptor (FLG and BD). Kafka 0.8-0.9
        // hashed the frame magic along with it (KAFKA-1493), and magic 0 readers expect that broken value.
        var hashed = brokenHeaderChecksum ? header[..6] : header[4..6];
        header[6] = (byte)(XxHash32.HashToUInt32(hashed) >> 8);
        destination.Advance(HeaderSize);

        while (!source.IsEmpty)
        {
            var block = source[..Math.Min(Lz4Frame.BlockSize, source.Length)];
            var span = destination.GetSpan(4 + Math.Max(block.Length, LZ4Codec.MaximumOutputSize(block.Length)));
            var length = LZ4Codec.Encode(block, span[4..], LZ4Level.L00_FAST);
            if (length <= 0 || length >= block.Length)
            {
                // Incompressible data is stored as it is, flagged by the high bit of the block size.
                block.CopyTo(span[4..]);
                length = block.Length;
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)length | Lz4Frame.StoredBlockFlag);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)length);
            }

            destination.Advance(4 + length);
            source = source[block.Length..];
        }

        // The end mark is a zero block size.
        BinaryPrimitives.WriteUInt32LittleEndian(destination.GetSpan(4), 0);
        destination.Advance(4);
    }
}
