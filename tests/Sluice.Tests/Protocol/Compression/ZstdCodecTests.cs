using Sluice.Protocol.Compression;
using Xunit;
using ZstdSharp;

namespace Sluice.Tests.Protocol.Compression;

public sealed class ZstdCodecTests
{
    // A streaming compressor that is never told the input size writes frames without a content size, as
    // zstd-jni's output stream does for the Java producer.
    private static byte[] StreamedFrame(byte[] data)
    {
        using var output = new MemoryStream();
        using (var stream = new CompressionStream(output, 3, leaveOpen: true))
        {
            for (var at = 0; at < data.Length; at += 1_000)
                stream.Write(data, at, Math.Min(1_000, data.Length - at));
        }

        return output.ToArray();
    }

    [Fact]
    public void Frame_without_a_content_size_decompresses_by_streaming()
    {
        var data = CodecTestKit.Compressible(300_000);
        var frame = StreamedFrame(data);
        Assert.Equal(0, frame[4] & 0xC0);
        Assert.Equal(0, frame[4] & 0x20);

        Assert.Equal(data, CodecTestKit.Decompress(ZstdCodec.Instance, frame));
    }

    [Fact]
    public void Bomb_without_a_content_size_stops_at_the_limit()
    {
        var bomb = StreamedFrame(new byte[16 * 1024 * 1024]);

        Assert.Throws<DecompressionLimitExceededException>(() => CodecTestKit.Decompress(ZstdCodec.Instance, bomb, maxLength: 1024 * 1024));
    }

    [Fact]
    public void Declared_content_size_over_the_limit_is_refused_up_front()
    {
        var frame = CodecTestKit.Compress(ZstdCodec.Instance, new byte[2_000_000]);
        Assert.NotEqual(0, frame[4] & 0xC0);

        Assert.Throws<DecompressionLimitExceededException>(() => CodecTestKit.Decompress(ZstdCodec.Instance, frame, maxLength: 1_000));
    }

    [Fact]
    public void Concatenated_frames_decompress_one_after_another()
    {
        var frames = CodecTestKit.Compress(ZstdCodec.Instance, [1, 2, 3]).Concat(StreamedFrame([4, 5])).ToArray();

        Assert.Equal([1, 2, 3, 4, 5], CodecTestKit.Decompress(ZstdCodec.Instance, frames));
    }

    [Fact]
    public void Frame_cut_short_says_so()
    {
        var frame = CodecTestKit.Compress(ZstdCodec.Instance, CodecTestKit.Incompressible(10_000));

        var error = Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(ZstdCodec.Instance, frame[..^10]));

        Assert.Contains("cut short", error.Message);
    }

    [Fact]
    public void Empty_input_is_not_a_frame()
    {
        Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(ZstdCodec.Instance, []));
    }

    [Fact]
    public void A_failed_frame_leaves_the_next_decompression_unaffected()
    {
        var frame = CodecTestKit.Compress(ZstdCodec.Instance, CodecTestKit.Compressible(50_000));
        Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(ZstdCodec.Instance, frame[..(frame.Length / 2)]));

        Assert.Equal(CodecTestKit.Compressible(50_000), CodecTestKit.Decompress(ZstdCodec.Instance, frame));
    }
}
