using System.IO.Hashing;
using Sluice.Protocol.Compression;
using Sluice.Tests.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Compression;

public sealed class Lz4CodecTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Magic_1_and_2_frames_start_with_the_header_java_writes(byte magic)
    {
        var frame = CodecTestKit.Compress(Lz4Codec.Instance, CodecTestKit.Compressible(100), magic);

        // FLG 0x60 (version 1, independent blocks), BD 0x40 (64 KiB), HC 0x82 = (xxh32(60 40) >> 8) & 0xFF.
        Assert.Equal([0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x82], frame[..7]);
        Assert.Equal([0, 0, 0, 0], frame[^4..]);
    }

    [Fact]
    public void Magic_0_frame_carries_the_kafka_0_8_header_checksum_over_the_magic_too()
    {
        var frame = CodecTestKit.Compress(Lz4Codec.Instance, CodecTestKit.Compressible(100), magic: 0);

        var broken = (byte)(XxHash32.HashToUInt32([0x04, 0x22, 0x4D, 0x18, 0x60, 0x40]) >> 8);
        Assert.NotEqual(0x82, broken);
        Assert.Equal([0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, broken], frame[..7]);
    }

    [Fact]
    public void Broken_header_checksum_is_ignored_for_magic_0_and_refused_for_magic_1_and_2()
    {
        var data = CodecTestKit.Compressible(500);
        var broken = Lz4FrameBytes.StoredBlockFrame(data, brokenHeaderChecksum: true);

        Assert.Equal(data, CodecTestKit.Decompress(Lz4Codec.Instance, broken, magic: 0));
        Assert.Contains("header checksum", Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(Lz4Codec.Instance, broken, magic: 1)).Message);
        Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(Lz4Codec.Instance, broken, magic: 2));
    }

    [Fact]
    public void Correct_header_checksum_is_also_accepted_for_magic_0()
    {
        var data = CodecTestKit.Compressible(500);

        Assert.Equal(data, CodecTestKit.Decompress(Lz4Codec.Instance, Lz4FrameBytes.StoredBlockFrame(data, brokenHeaderChecksum: false), magic: 0));
    }

    [Fact]
    public void Incompressible_blocks_are_stored_with_the_high_bit_of_their_size()
    {
        var data = CodecTestKit.Incompressible(1_000);

        var frame = CodecTestKit.Compress(Lz4Codec.Instance, data);

        Assert.Equal(Lz4FrameBytes.LittleEndian(1_000 | 0x80000000), frame[7..11]);
        Assert.Equal(data, frame[11..1_011]);
    }

    [Fact]
    public void Data_over_64_kib_is_split_into_independent_blocks()
    {
        var data = CodecTestKit.Incompressible(150_000);

        var frame = CodecTestKit.Compress(Lz4Codec.Instance, data);

        Assert.Equal(7 + 3 * 4 + 150_000 + 4, frame.Length);
        Assert.Equal(data, CodecTestKit.Decompress(Lz4Codec.Instance, frame));
    }

    [Fact]
    public void Block_and_content_checksums_are_verified_when_the_frame_has_them()
    {
        var data = CodecTestKit.Compressible(70_000);
        var frame = Lz4FrameBytes.StoredBlockFrame(data, brokenHeaderChecksum: false, flags: 0x60 | 0x10 | 0x04);

        Assert.Equal(data, CodecTestKit.Decompress(Lz4Codec.Instance, frame));

        var badBlock = (byte[])frame.Clone();
        badBlock[20] ^= 1;
        Assert.Contains("block checksum", Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(Lz4Codec.Instance, badBlock)).Message);
        var badContent = (byte[])frame.Clone();
        badContent[^1] ^= 1;
        Assert.Contains("content checksum", Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(Lz4Codec.Instance, badContent)).Message);
    }

    [Fact]
    public void Declared_content_size_must_match()
    {
        var data = CodecTestKit.Compressible(300);
        var header = new List<byte>(Lz4FrameBytes.Magic) { 0x68, 0x40 };
        header.AddRange(BitConverter.GetBytes(300UL));
        header.Add(Lz4FrameBytes.HeaderChecksum([.. header], broken: false));
        var frame = header.Concat(Lz4FrameBytes.StoredBlockFrame(data, false)[7..]).ToArray();

        Assert.Equal(data, CodecTestKit.Decompress(Lz4Codec.Instance, frame));
        frame[6] = 0x2D; // 300 is 0x12C: the frame now declares 301
        frame[14] = Lz4FrameBytes.HeaderChecksum(frame[..14], broken: false);
        Assert.Contains("declares 301 bytes", Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(Lz4Codec.Instance, frame)).Message);
    }

    [Theory]
    [InlineData(0x40, "dependent blocks")]
    [InlineData(0x61, "dictionary")]
    [InlineData(0xA0, "version")]
    public void Frame_features_kafka_never_writes_are_refused_as_java_refuses_them(byte flags, string reason)
    {
        var frame = Lz4FrameBytes.StoredBlockFrame([1, 2, 3], brokenHeaderChecksum: false, flags: flags);

        Assert.Contains(reason, Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(Lz4Codec.Instance, frame)).Message);
    }

    [Theory]
    [InlineData(0x30)]
    [InlineData(0x41)]
    [InlineData(0xC0)]
    public void Invalid_block_descriptor_is_refused(byte descriptor)
    {
        var frame = Lz4FrameBytes.StoredBlockFrame([1], brokenHeaderChecksum: false, descriptor: descriptor);

        Assert.Contains("block descriptor", Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(Lz4Codec.Instance, frame)).Message);
    }

    [Fact]
    public void Skippable_frames_are_passed_over_and_frames_concatenate()
    {
        byte[] skippable = [0x5A, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9];
        var frames = skippable
            .Concat(Lz4FrameBytes.StoredBlockFrame([1, 2], false))
            .Concat(CodecTestKit.Compress(Lz4Codec.Instance, [3, 4])).ToArray();

        Assert.Equal([1, 2, 3, 4], CodecTestKit.Decompress(Lz4Codec.Instance, frames));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(10)]
    public void Frame_cut_short_raises_a_decompression_exception(int length)
    {
        var frame = Lz4FrameBytes.StoredBlockFrame([1, 2, 3], false);

        Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(Lz4Codec.Instance, frame[..length]));
        Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(Lz4Codec.Instance, frame[..^2]));
    }

    [Fact]
    public void Block_larger_than_the_frames_block_size_is_refused()
    {
        var frame = Lz4FrameBytes.StoredBlockFrame(new byte[10], false);
        Lz4FrameBytes.LittleEndian(65_537 | 0x80000000).CopyTo(frame, 7);

        Assert.Contains("block size", Assert.ThrowsAny<DecompressionException>(() => CodecTestKit.Decompress(Lz4Codec.Instance, frame)).Message);
    }
}
