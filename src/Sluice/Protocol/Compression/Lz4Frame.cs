namespace Sluice.Protocol.Compression;

/// <summary>Constants of the LZ4 frame format (lz4 v1.5+ frame specification) as Kafka uses it.</summary>
internal static class Lz4Frame
{
    /// <summary>The frame magic number, stored little-endian.</summary>
    public const uint Magic = 0x184D2204;

    /// <summary>Skippable frames have magics 0x184D2A50 to 0x184D2A5F.</summary>
    public const uint SkippableMagic = 0x184D2A50;

    /// <summary>Frame format version 01, independent blocks, no checksums, no content size: what Java writes.</summary>
    public const byte Flags = 0x60;

    /// <summary>Block maximum size id 4: 64 KiB blocks.</summary>
    public const byte BlockDescriptor = 0x40;

    /// <summary>The 64 KiB block size of <see cref="BlockDescriptor"/>.</summary>
    public const int BlockSize = 64 * 1024;

    /// <summary>The high bit of a block size marks a block stored uncompressed.</summary>
    public const uint StoredBlockFlag = 0x80000000;

    public const byte VersionMask = 0xC0;
    public const byte Version1 = 0x40;
    public const byte BlockIndependenceFlag = 0x20;
    public const byte BlockChecksumFlag = 0x10;
    public const byte ContentSizeFlag = 0x08;
    public const byte ContentChecksumFlag = 0x04;

    /// <summary>Bit 1 is reserved and bit 0 announces a dictionary id, which Kafka never writes (Java rejects both).</summary>
    public const byte ReservedOrDictionaryFlags = 0x03;

    /// <summary>The reserved bits of the block descriptor: bit 7 and bits 0-3.</summary>
    public const byte ReservedBlockDescriptorBits = 0x8F;
}
