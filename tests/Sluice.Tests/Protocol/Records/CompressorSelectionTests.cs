using System.Text;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

public sealed class CompressorSelectionTests
{
    [Theory]
    [InlineData(CompressionCodec.None)]
    [InlineData(CompressionCodec.Gzip)]
    public void Implemented_codecs_select_a_compressor_for_their_codec(CompressionCodec codec)
    {
        Assert.Equal(codec, Compressors.For(codec).Codec);
    }

    [Theory]
    [InlineData(CompressionCodec.Snappy, "Snappy")]
    [InlineData(CompressionCodec.Lz4, "Lz4")]
    [InlineData(CompressionCodec.Zstd, "Zstd")]
    [InlineData((CompressionCodec)7, "7")]
    public void Unimplemented_codec_is_refused_by_name(CompressionCodec codec, string name)
    {
        var error = Assert.Throws<NotSupportedException>(() => Compressors.For(codec));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void Codec_ids_are_the_wire_ids()
    {
        Assert.Equal([0, 1, 2, 3, 4], Enum.GetValues<CompressionCodec>().Select(c => (int)c));
    }

    [Fact]
    public void None_copies_the_bytes_unchanged()
    {
        using var writer = new KafkaWriter();
        writer.WriteInt8(9);
        NoneCompressor.Instance.Compress([1, 2, 3], writer, magic: 2);
        Assert.Equal([9, 1, 2, 3], writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Gzip_appends_a_gzip_stream_that_decompresses_to_the_input()
    {
        var input = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("sluice ", 5000)));
        using var writer = new KafkaWriter(16);
        writer.WriteInt8(9);
        GzipCompressor.Instance.Compress(input, writer, magic: 2);

        var written = writer.WrittenSpan;
        Assert.Equal(9, written[0]);
        Assert.Equal([0x1F, 0x8B], written.Slice(1, 2).ToArray());
        Assert.True(written.Length < input.Length / 10);
        Assert.Equal(input, Gzip.Decompress(written[1..]));
    }
}
