using System.Buffers.Binary;
using System.IO.Hashing;
using K4os.Compression.LZ4;

namespace Sluice.Protocol.Compression;

/// <summary>
/// Reads LZ4 frames with independent blocks, checking every checksum the frame announces. Skippable frames are
/// passed over; dependent blocks and dictionaries, which no Kafka client writes, are refused as Java refuses them.
/// </summary>
internal static class Lz4FrameReader
{
    public static void Read(ReadOnlySpan<byte> source, ref DecompressionSink sink, bool checkHeaderChecksum)
    {
        if (source.IsEmpty)
            throw Corrupt("the data is empty; a frame has at least a header and an end mark");
        while (!source.IsEmpty)
        {
            if (source.Length < 4)
                throw Corrupt($"{source.Length} bytes follow the last frame, too few for a frame magic");
            var magic = BinaryPrimitives.ReadUInt32LittleEndian(source);
            if ((magic & 0xFFFFFFF0) == Lz4Frame.SkippableMagic)
            {
                source = SkipFrame(source);
                continue;
            }

            if (magic != Lz4Frame.Magic)
                throw Corrupt($"frame magic 0x{magic:X8} is not 0x{Lz4Frame.Magic:X8}");
            source = source[ReadFrame(source, ref sink, checkHeaderChecksum)..];
        }
    }

    private static ReadOnlySpan<byte> SkipFrame(ReadOnlySpan<byte> source)
    {
        if (source.Length < 8)
            throw Corrupt("a skippable frame's size is cut short");
        var size = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        if (size > (uint)(source.Length - 8))
            throw Corrupt($"a skippable frame announces {size} bytes but {source.Length - 8} remain");
        return source[(8 + (int)size)..];
    }

    // Decodes the frame at the start of source and returns its length in bytes.
    private static int ReadFrame(ReadOnlySpan<byte> source, ref DecompressionSink sink, bool checkHeaderChecksum)
    {
        if (source.Length < 7)
            throw Corrupt("the frame header is cut short");
        var flags = source[4];
        var descriptor = source[5];
        if ((flags & Lz4Frame.VersionMask) != Lz4Frame.Version1)
            throw Corrupt($"frame version {flags >> 6} is not 1");
        if ((flags & Lz4Frame.ReservedOrDictionaryFlags) != 0)
            throw Corrupt("the frame sets a reserved bit or announces a dictionary");
        if ((flags & Lz4Frame.BlockIndependenceFlag) == 0)
            throw Corrupt("the frame uses dependent blocks, which Kafka never writes");
        if ((descriptor & Lz4Frame.ReservedBlockDescriptorBits) != 0 || (descriptor >> 4) < 4)
            throw Corrupt($"block descriptor 0x{descriptor:X2} is invalid");

        var blockMaximum = 1 << (2 * (descriptor >> 4) + 8);
        var blockChecksum = (flags & Lz4Frame.BlockChecksumFlag) != 0;
        var hasContentSize = (flags & Lz4Frame.ContentSizeFlag) != 0;
        var descriptorLength = hasContentSize ? 10 : 2;
        if (source.Length < 4 + descriptorLength + 1)
            throw Corrupt("the frame header is cut short");
        if (checkHeaderChecksum)
        {
            var expected = (byte)(XxHash32.HashToUInt32(source.Slice(4, descriptorLength)) >> 8);
            var stored = source[4 + descriptorLength];
            if (stored != expected)
                throw Corrupt($"header checksum 0x{stored:X2} is not 0x{expected:X2}");
        }

        var contentHash = (flags & Lz4Frame.ContentChecksumFlag) != 0 ? new XxHash32() : null;
        var frameStart = sink.Written;
        var position = 4 + descriptorLength + 1;
        while (true)
        {
            var rawSize = ReadUInt32(source, ref position, "a block size");
            if (rawSize == 0)
                break;
            var length = rawSize & ~Lz4Frame.StoredBlockFlag;
            if (length > blockMaximum)
                throw Corrupt($"a block of {length} bytes exceeds the frame's {blockMaximum}-byte block size");
            if (length > source.Length - position)
                throw Corrupt($"a block announces {length} bytes but {source.Length - position} remain");
            var block = source.Slice(position, (int)length);
            position += (int)length;
            if (blockChecksum && ReadUInt32(source, ref position, "a block checksum") != XxHash32.HashToUInt32(block))
                throw Corrupt("a block checksum does not match");

            Span<byte> output;
            int written;
            if ((rawSize & Lz4Frame.StoredBlockFlag) != 0)
            {
                written = block.Length;
                output = sink.GetExact(written);
                block.CopyTo(output);
            }
            else
            {
                output = sink.GetBlock(blockMaximum);
                written = LZ4Codec.Decode(block, output);
                if (written < 0)
                    throw Corrupt("a compressed block is malformed");
            }

            contentHash?.Append(output[..written]);
            sink.Advance(written);
        }

        if (contentHash is not null && ReadUInt32(source, ref position, "the content checksum") != contentHash.GetCurrentHashAsUInt32())
            throw Corrupt("the content checksum does not match");
        if (hasContentSize)
        {
            var declared = BinaryPrimitives.ReadUInt64LittleEndian(source[6..]);
            if (declared != (ulong)(sink.Written - frameStart))
                throw Corrupt($"the frame declares {declared} bytes of content but holds {sink.Written - frameStart}");
        }

        return position;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> source, ref int position, string what)
    {
        if (source.Length - position < 4)
            throw Corrupt($"{what} is cut short");
        var value = BinaryPrimitives.ReadUInt32LittleEndian(source[position..]);
        position += 4;
        return value;
    }

    private static DecompressionException Corrupt(string what) => new($"The LZ4 data is corrupt: {what}.");
}
