using System.Buffers.Binary;

namespace Sluice.Tests.Protocol.Records;

/// <summary>Snappy payloads assembled byte by byte, independent of the codec under test.</summary>
internal static class SnappyBytes
{
    /// <summary>
    /// A raw snappy block made of one literal: the uncompressed length as a varint, a literal tag (lengths up to
    /// 60 in the tag, longer ones in one or two following bytes), and the data.
    /// </summary>
    public static byte[] RawLiteralBlock(byte[] data)
    {
        var block = new List<byte>();
        for (var length = (uint)data.Length; ; length >>= 7)
        {
            if (length < 0x80)
            {
                block.Add((byte)length);
                break;
            }

            block.Add((byte)(length | 0x80));
        }

        if (data.Length == 0)
            return [.. block];
        var n = data.Length - 1;
        if (n < 60)
        {
            block.Add((byte)(n << 2));
        }
        else if (n < 256)
        {
            block.Add(60 << 2);
            block.Add((byte)n);
        }
        else
        {
            block.Add(61 << 2);
            block.Add((byte)n);
            block.Add((byte)(n >> 8));
        }

        block.AddRange(data);
        return [.. block];
    }

    /// <summary>The xerial snappy-java framing: magic, version 1, compatible version 1, then [int32 BE length][raw block] chunks.</summary>
    public static byte[] Xerial(params byte[][] rawBlocks)
    {
        var framed = new List<byte> { 0x82, (byte)'S', (byte)'N', (byte)'A', (byte)'P', (byte)'P', (byte)'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1 };
        foreach (var block in rawBlocks)
        {
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, block.Length);
            framed.AddRange(length);
            framed.AddRange(block);
        }

        return [.. framed];
    }
}
