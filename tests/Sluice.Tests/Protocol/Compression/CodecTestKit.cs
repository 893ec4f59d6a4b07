using Sluice.Protocol;
using Sluice.Protocol.Compression;

namespace Sluice.Tests.Protocol.Compression;

/// <summary>Compress and decompress through the codec seam into fresh buffers.</summary>
internal static class CodecTestKit
{
    public static byte[] Compress(ICompressor codec, byte[] plain, byte magic = 2)
    {
        using var writer = new KafkaWriter(16);
        codec.Compress(plain, writer, magic);
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] Decompress(IDecompressor codec, byte[] compressed, byte magic = 2, int maxLength = 64 * 1024 * 1024)
    {
        using var writer = new KafkaWriter(16);
        var written = codec.Decompress(compressed, writer, magic, maxLength);
        if (written != writer.Position)
            throw new InvalidOperationException($"Decompress reported {written} bytes but appended {writer.Position}.");
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Text-like data that compresses well.</summary>
    public static byte[] Compressible(int length) =>
        [.. Enumerable.Range(0, length).Select(i => (byte)"sluice decodes every record format "[i % 35])];

    /// <summary>Random bytes that do not compress.</summary>
    public static byte[] Incompressible(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
