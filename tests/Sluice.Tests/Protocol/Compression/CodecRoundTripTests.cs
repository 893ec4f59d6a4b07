using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Xunit;

namespace Sluice.Tests.Protocol.Compression;

/// <summary>Every codec decompresses what it compresses, at every magic it is legal in, within the size limit.</summary>
public sealed class CodecRoundTripTests
{
    public static TheoryData<CompressionCodec, byte, int> Cases()
    {
        var data = new TheoryData<CompressionCodec, byte, int>();
        foreach (var codec in Enum.GetValues<CompressionCodec>())
        {
            foreach (var magic in codec == CompressionCodec.Zstd ? new byte[] { 2 } : [0, 1, 2])
            {
                foreach (var length in new[] { 0, 1, 1_000, 200_000 })
                    data.Add(codec, magic, length);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compressed_data_decompresses_to_the_input(CompressionCodec codec, byte magic, int length)
    {
        var implementation = Codecs.For(codec);
        foreach (var input in new[] { CodecTestKit.Compressible(length), CodecTestKit.Incompressible(length) })
        {
            var compressed = CodecTestKit.Compress(implementation, input, magic);
            Assert.Equal(input, CodecTestKit.Decompress(implementation, compressed, magic));
        }
    }

    [Theory]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    public void Compressible_data_gets_smaller(CompressionCodec codec)
    {
        var input = CodecTestKit.Compressible(100_000);
        Assert.True(CodecTestKit.Compress(Codecs.For(codec), input).Length < input.Length / 4);
    }

    [Theory]
    [InlineData(CompressionCodec.None)]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    public void Output_is_appended_after_what_the_destination_already_holds(CompressionCodec codec)
    {
        var implementation = Codecs.For(codec);
        var input = CodecTestKit.Compressible(5_000);
        using var writer = new KafkaWriter(16);
        writer.WriteInt8(9);
        implementation.Compress(input, writer, magic: 2);
        var compressed = writer.WrittenSpan[1..].ToArray();

        writer.Reset();
        writer.WriteInt8(7);
        var written = implementation.Decompress(compressed, writer, magic: 2, maxLength: input.Length);

        Assert.Equal(input.Length, written);
        Assert.Equal(7, writer.WrittenSpan[0]);
        Assert.Equal(input, writer.WrittenSpan[1..].ToArray());
    }

    [Theory]
    [InlineData(CompressionCodec.None)]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    public void Output_of_exactly_the_limit_passes_and_one_byte_more_is_refused(CompressionCodec codec)
    {
        var implementation = Codecs.For(codec);
        var input = CodecTestKit.Compressible(150_000);
        var compressed = CodecTestKit.Compress(implementation, input);

        Assert.Equal(input, CodecTestKit.Decompress(implementation, compressed, maxLength: input.Length));
        var error = Assert.Throws<DecompressionLimitExceededException>(() => CodecTestKit.Decompress(implementation, compressed, maxLength: input.Length - 1));
        Assert.Equal((codec, input.Length - 1), (error.Codec, error.Limit));
    }

    [Theory]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    public void Bomb_stops_at_the_limit_without_decompressing_the_rest(CompressionCodec codec)
    {
        var implementation = Codecs.For(codec);
        var bomb = CodecTestKit.Compress(implementation, new byte[64 * 1024 * 1024]);
        using var writer = new KafkaWriter(16);

        Assert.Throws<DecompressionLimitExceededException>(() => implementation.Decompress(bomb, writer, 2, 100_000));
        Assert.True(writer.Position <= 100_000);
    }

    [Theory]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    public void Cut_and_damaged_data_raises_a_decompression_exception(CompressionCodec codec)
    {
        var implementation = Codecs.For(codec);
        var input = CodecTestKit.Compressible(50_000);
        var compressed = CodecTestKit.Compress(implementation, input);
        var random = new Random((int)codec);

        for (var i = 0; i < 300; i++)
        {
            var damaged = (byte[])compressed.Clone();
            if (i % 2 == 0)
                damaged = damaged[..random.Next(damaged.Length)];
            else
                damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));

            var failure = Record.Exception(() => CodecTestKit.Decompress(implementation, damaged, maxLength: 100_000));
            Assert.True(failure is null or DecompressionException, $"{codec} damage {i}: {failure?.GetType().Name}: {failure?.Message}");
        }
    }

    [Theory]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    public void Bytes_of_another_codec_raise_a_decompression_exception(CompressionCodec codec)
    {
        var other = codec == CompressionCodec.Gzip ? CompressionCodec.Zstd : CompressionCodec.Gzip;
        var foreign = CodecTestKit.Compress(Codecs.For(other), CodecTestKit.Compressible(1_000));

        Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(Codecs.For(codec), foreign));
    }
}
