using System.Buffers.Binary;
using System.IO.Hashing;

namespace Sluice.Tests.Protocol.Records;

/// <summary>LZ4 frames assembled byte by byte, with stored (uncompressed) blocks, independent of the codec under test.</summary>
internal static class Lz4FrameBytes
{
    public static readonly byte[] Magic = [0x04, 0x22, 0x4D, 0x18];

    /// <summary>
    /// One frame: magic, FLG 0x60, BD 0x40, the header checksum (over FLG and BD, or over magic, FLG and BD the
    /// way Kafka 0.8-0.9 computed it), the data as stored blocks of at most 64 KiB, and the end mark.
    /// </summary>
    public static byte[] StoredBlockFrame(byte[] data, bool brokenHeaderChecksum, byte flags = 0x60, byte descriptor = 0x40)
    {
        var frame = new List<byte>(Magic) { flags, descriptor };
        frame.Add(HeaderChecksum([.. frame], brokenHeaderChecksum));
        for (var at = 0; at < data.Length; at += 65536)
        {
            var block = data.AsSpan(at, Math.Min(65536, data.Length - at));
            frame.AddRange(LittleEndian((uint)block.Length | 0x80000000));
            frame.AddRange(block.ToArray());
            if ((flags & 0x10) != 0)
                frame.AddRange(LittleEndian(XxHash32.HashToUInt32(block)));
        }

        frame.AddRange(LittleEndian(0));
        if ((flags & 0x04) != 0)
            frame.AddRange(LittleEndian(XxHash32.HashToUInt32(data)));
        return [.. frame];
    }

    /// <summary>The header checksum byte for a header that starts with the 4-byte magic.</summary>
    public static byte HeaderChecksum(byte[] headerSoFar, bool broken) =>
        (byte)(XxHash32.HashToUInt32(broken ? headerSoFar : headerSoFar.AsSpan(4)) >> 8);

    public static byte[] LittleEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
