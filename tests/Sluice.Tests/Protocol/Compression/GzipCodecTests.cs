using System.IO.Compression;
using Sluice.Protocol.Compression;
using Xunit;

namespace Sluice.Tests.Protocol.Compression;

public sealed class GzipCodecTests
{
    [Fact]
    public void Compress_writes_a_single_rfc_1952_member()
    {
        var compressed = CodecTestKit.Compress(GzipCodec.Instance, CodecTestKit.Compressible(10_000));

        Assert.Equal([0x1F, 0x8B, 0x08], compressed[..3]);
        Assert.Equal(CodecTestKit.Compressible(10_000), Records.Gzip.Decompress(compressed));
    }

    [Fact]
    public void Concatenated_members_decompress_to_the_concatenation()
    {
        var first = CodecTestKit.Compressible(3_000);
        var second = CodecTestKit.Incompressible(2_000);
        var third = CodecTestKit.Compressible(10);

        var concatenated = CodecTestKit.Compress(GzipCodec.Instance, first)
            .Concat(CodecTestKit.Compress(new GzipCodec(CompressionLevel.Fastest), second))
            .Concat(CodecTestKit.Compress(GzipCodec.Instance, third)).ToArray();

        Assert.Equal(first.Concat(second).Concat(third), CodecTestKit.Decompress(GzipCodec.Instance, concatenated));
    }

    [Fact]
    public void Bytes_that_are_not_gzip_raise_a_decompression_exception_with_the_cause()
    {
        var error = Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(GzipCodec.Instance, [0x1F, 0x8B, 0x08, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.Contains("gzip", error.Message);
        Assert.NotNull(error.InnerException);
    }
}
