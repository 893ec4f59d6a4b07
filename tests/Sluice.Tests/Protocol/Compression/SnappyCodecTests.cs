using System.Buffers.Binary;
using Sluice.Protocol.Compression;
using Sluice.Tests.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Compression;

public sealed class SnappyCodecTests
{
    [Fact]
    public void Compress_writes_the_xerial_framing_java_writes_with_32_kib_chunks()
    {
        var input = CodecTestKit.Incompressible(70_000);

        var framed = CodecTestKit.Compress(SnappyCodec.Instance, input, magic: 0);

        Assert.Equal([0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1], framed[..16]);
        var chunks = new List<byte[]>();
        for (var at = 16; at < framed.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(framed.AsSpan(at));
            chunks.Add(Snappier.Snappy.DecompressToArray(framed.AsSpan(at + 4, length)));
            at += 4 + length;
        }

        Assert.Equal([32_768, 32_768, 4_464], chunks.Select(c => c.Length));
        Assert.Equal(input, chunks.SelectMany(c => c));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Compress_frames_the_same_way_for_every_magic(byte magic)
    {
        var input = CodecTestKit.Compressible(1_000);
        Assert.Equal(CodecTestKit.Compress(SnappyCodec.Instance, input, 2), CodecTestKit.Compress(SnappyCodec.Instance, input, magic));
    }

    [Fact]
    public void Hand_built_raw_block_as_librdkafka_writes_it_decompresses()
    {
        var data = CodecTestKit.Incompressible(300);

        Assert.Equal(data, CodecTestKit.Decompress(SnappyCodec.Instance, SnappyBytes.RawLiteralBlock(data)));
    }

    [Fact]
    public void Hand_built_xerial_framing_with_several_chunks_decompresses()
    {
        var framed = SnappyBytes.Xerial(SnappyBytes.RawLiteralBlock([1, 2, 3]), SnappyBytes.RawLiteralBlock([]), SnappyBytes.RawLiteralBlock([4, 5]));

        Assert.Equal([1, 2, 3, 4, 5], CodecTestKit.Decompress(SnappyCodec.Instance, framed));
    }

    [Fact]
    public void Concatenated_xerial_streams_decompress_as_snappy_java_reads_them()
    {
        var framed = SnappyBytes.Xerial(SnappyBytes.RawLiteralBlock([1])).Concat(SnappyBytes.Xerial(SnappyBytes.RawLiteralBlock([2]))).ToArray();

        Assert.Equal([1, 2], CodecTestKit.Decompress(SnappyCodec.Instance, framed));
    }

    [Fact]
    public void Xerial_header_alone_is_empty_data()
    {
        Assert.Empty(CodecTestKit.Decompress(SnappyCodec.Instance, SnappyBytes.Xerial()));
    }

    [Theory]
    [InlineData("a chunk length cut short", new byte[] { 0, 0 })]
    [InlineData("a chunk announcing more than is left", new byte[] { 0, 0, 0, 9, 1, 0 })]
    [InlineData("a negative chunk length", new byte[] { 0xFF, 0xFF, 0xFF, 0xFE, 1, 0 })]
    public void Broken_xerial_chunks_raise_a_decompression_exception(string what, byte[] chunk)
    {
        var framed = SnappyBytes.Xerial().Concat(chunk).ToArray();

        var error = Record.Exception(() => CodecTestKit.Decompress(SnappyCodec.Instance, framed));

        Assert.True(error is DecompressionException, what);
    }

    [Fact]
    public void Cut_xerial_header_raises_a_decompression_exception()
    {
        Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(SnappyCodec.Instance, SnappyBytes.Xerial()[..12]));
    }

    [Fact]
    public void Raw_block_announcing_more_than_the_limit_is_refused_before_any_memory_is_taken()
    {
        // The varint preamble announces 2^31 - 1 bytes; nothing follows.
        byte[] block = [0xFF, 0xFF, 0xFF, 0xFF, 0x07];

        Assert.Throws<DecompressionLimitExceededException>(() => CodecTestKit.Decompress(SnappyCodec.Instance, block, maxLength: 1_000));
    }
}
