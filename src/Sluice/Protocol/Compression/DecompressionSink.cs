using System.Buffers;

namespace Sluice.Protocol.Compression;

/// <summary>
/// The destination of one decompression, with the size limit enforced before memory is asked for: a codec asks
/// for the span it writes into next, and no span reaches past the limit by more than one byte (which is how an
/// open-ended stream proves it went over) or, for a block codec, one block.
/// </summary>
internal ref struct DecompressionSink
{
    private readonly IBufferWriter<byte> _destination;
    private readonly CompressionCodec _codec;
    private readonly int _maxLength;

    public DecompressionSink(IBufferWriter<byte> destination, CompressionCodec codec, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        _destination = destination;
        _codec = codec;
        _maxLength = maxLength;
        Written = 0;
    }

    /// <summary>Bytes appended so far.</summary>
    public int Written { get; private set; }

    /// <summary>A span of exactly <paramref name="length"/> bytes, for a codec that knows its output size.</summary>
    public Span<byte> GetExact(int length)
    {
        if (length < 0 || (long)Written + length > _maxLength)
            throw Exceeded();
        return _destination.GetSpan(length)[..length];
    }

    /// <summary>A span of at most <paramref name="preferred"/> bytes, for a codec that streams its output.</summary>
    public Span<byte> GetChunk(int preferred)
    {
        var room = (int)Math.Min(preferred, (long)_maxLength - Written + 1);
        return _destination.GetSpan(room)[..room];
    }

    /// <summary>
    /// A span of exactly <paramref name="length"/> bytes for a block whose decoded size is known only after
    /// decoding; <paramref name="length"/> is the format's block maximum, and <see cref="Advance"/> enforces the limit.
    /// </summary>
    public Span<byte> GetBlock(int length) => _destination.GetSpan(length)[..length];

    /// <summary>Keeps <paramref name="count"/> bytes of the span last handed out.</summary>
    public void Advance(int count)
    {
        if ((long)Written + count > _maxLength)
            throw Exceeded();
        _destination.Advance(count);
        Written += count;
    }

    /// <summary>Copies stored (uncompressed) bytes.</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetExact(bytes.Length));
        Advance(bytes.Length);
    }

    private readonly DecompressionLimitExceededException Exceeded() => new(_codec, _maxLength);
}
