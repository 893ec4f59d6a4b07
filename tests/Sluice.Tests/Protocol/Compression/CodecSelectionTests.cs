using Sluice.Protocol.Compression;
using Xunit;

namespace Sluice.Tests.Protocol.Compression;

public sealed class CodecSelectionTests
{
    [Theory]
    [InlineData(CompressionCodec.None)]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    public void Every_kafka_codec_selects_one_implementation_for_both_directions(CompressionCodec codec)
    {
        var implementation = Codecs.For(codec);
        Assert.Equal(codec, implementation.Codec);
        Assert.Equal(codec, ((IDecompressor)implementation).Codec);
        Assert.Same(implementation, Compressors.For(codec));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void Unknown_codec_id_is_refused_by_id(byte id)
    {
        var error = Assert.Throws<NotSupportedException>(() => Codecs.For((CompressionCodec)id));
        Assert.Contains(id.ToString(), error.Message);
        Assert.Throws<NotSupportedException>(() => Compressors.For((CompressionCodec)id));
    }

    [Fact]
    public void Codec_ids_are_the_wire_ids()
    {
        Assert.Equal([0, 1, 2, 3, 4], Enum.GetValues<CompressionCodec>().Select(c => (int)c));
    }
}
