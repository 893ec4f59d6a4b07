using System.Buffers.Binary;

namespace Sluice.Protocol.Compression;

/// <summary>
/// Reads the content size a zstd frame header may declare (RFC 8878 §3.1.1.1), so a frame that announces more
/// than the limit is refused before the decoder takes any memory. Decoding never relies on it: streaming
/// producers (zstd-jni) leave it out.
/// </summary>
internal static class ZstdFrameHeader
{
    private const uint Magic = 0xFD2FB528;

    /// <summary>The declared content size of the frame at the start of <paramref name="frame"/>, or null when it has none or cannot be read.</summary>
    public static ulong? DeclaredContentSize(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 5 || BinaryPrimitives.ReadUInt32LittleEndian(frame) != Magic)
            return null;
        var descriptor = frame[4];
        var sizeFlag = descriptor >> 6;
        var singleSegment = (descriptor & 0x20) != 0;
        var position = 5 + (singleSegment ? 0 : 1) + (descriptor & 0x03) switch { 0 => 0, 1 => 1, 2 => 2, _ => 4 };
        var sizeLength = sizeFlag switch { 0 => singleSegment ? 1 : 0, 1 => 2, 2 => 4, _ => 8 };
        if (sizeLength == 0 || frame.Length < position + sizeLength)
            return null;
        var field = frame.Slice(position, sizeLength);
        return sizeLength switch
        {
            1 => field[0],
            // The two-byte form is offset by 256: sizes below it use the one-byte form.
            2 => BinaryPrimitives.ReadUInt16LittleEndian(field) + 256UL,
            4 => BinaryPrimitives.ReadUInt32LittleEndian(field),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(field),
        };
    }
}
