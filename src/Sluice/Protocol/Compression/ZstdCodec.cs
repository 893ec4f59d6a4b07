using System.Buffers;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Sluice.Protocol.Compression;

/// <summary>
/// Zstandard, legal only in record batches (magic 2). Decompression streams, so frames without a content size
/// (zstd-jni's streaming output) decode, and concatenated frames are read one after another.
/// </summary>
public sealed class ZstdCodec : ICodec
{
    /// <summary>The shared instance, at zstd's default level 3, which is also Kafka's default.</summary>
    public static readonly ZstdCodec Instance = new();

    private const int Level = 3;
    private const int ChunkSize = 128 * 1024;

    // The decoder allocates its window before it writes a byte, sized by the frame header. The floor, 2^23 bytes
    // (8 MiB, the largest window zstd levels 1-19 choose), refuses no ordinary producer; above it the window may
    // grow with the limit, up to zstd's default ceiling of 2^27.
    private const int MinWindowLog = 23;
    private const int MaxWindowLog = 27;

    [ThreadStatic]
    private static Compressor? t_compressor;

    [ThreadStatic]
    private static Decompressor? t_decompressor;

    private ZstdCodec()
    {
    }

    /// <inheritdoc cref="ICodec.Codec" />
    public CompressionCodec Codec => CompressionCodec.Zstd;

    /// <inheritdoc />
    public void Compress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var compressor = t_compressor ??= new Compressor(Level);
        var span = destination.GetSpan(Compressor.GetCompressBound(source.Length));
        destination.Advance(compressor.Wrap(source, span));
    }

    /// <inheritdoc />
    public int Decompress(ReadOnlySpan<byte> source, IBufferWriter<byte> destination, byte magic, int maxLength)
    {
        var sink = new DecompressionSink(destination, Codec, maxLength);
        if (ZstdFrameHeader.DeclaredContentSize(source) > (ulong)maxLength)
            throw new DecompressionLimitExceededException(Codec, maxLength);
        var decompressor = t_decompressor ??= new Decompressor();
        try
        {
            // The context may be mid-frame from a failed batch: every batch starts from a clean one.
            decompressor.ResetStream();
            decompressor.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, WindowLogFor(maxLength));
            while (true)
            {
                var status = decompressor.UnwrapStream(source, sink.GetChunk(ChunkSize), out var consumed, out var written);
                source = source[consumed..];
                sink.Advance(written);
                switch (status)
                {
                    case OperationStatus.Done:
                        return sink.Written;
                    case OperationStatus.DestinationTooSmall:
                        continue;
                    case OperationStatus.NeedMoreData:
                        throw new DecompressionException("The zstd data is cut short: the frame does not end.");
                    default:
                        throw new DecompressionException("The zstd data is corrupt.");
                }
            }
        }
        catch (ZstdException e)
        {
            throw new DecompressionException($"The zstd data is corrupt: {e.Message}", e);
        }
    }

    private static int WindowLogFor(int maxLength)
    {
        var log = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(maxLength - 1, 1));
        return Math.Clamp(log, MinWindowLog, MaxWindowLog);
    }
}
