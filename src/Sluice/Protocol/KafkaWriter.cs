using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Sluice.Protocol;

/// <summary>
/// Writes Kafka wire primitives into a growable buffer rented from <see cref="ArrayPool{T}"/>.
/// Length and CRC fields that depend on what follows are reserved first and filled in afterwards.
/// Dispose returns the buffer to the pool.
/// </summary>
public sealed class KafkaWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _position;

    /// <summary>Creates a writer with at least <paramref name="initialCapacity"/> bytes of room.</summary>
    public KafkaWriter(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));
    }

    /// <summary>Bytes written so far.</summary>
    public int Position => _position;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    /// <summary>Writes a signed byte.</summary>
    public void WriteInt8(sbyte value) => Reserve(1)[0] = (byte)value;

    /// <summary>Writes a boolean as one byte.</summary>
    public void WriteBoolean(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>Writes a big-endian 16-bit integer.</summary>
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);

    /// <summary>Writes a big-endian 16-bit unsigned integer.</summary>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    /// <summary>Writes a big-endian 32-bit integer.</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

    /// <summary>Writes a big-endian 32-bit unsigned integer.</summary>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    /// <summary>Writes a big-endian 64-bit integer.</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    /// <summary>Writes a big-endian IEEE 754 double.</summary>
    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), value);

    /// <summary>Writes a 16-byte UUID, most significant byte first.</summary>
    public void WriteUuid(Guid value)
    {
        if (!value.TryWriteBytes(Reserve(16), bigEndian: true, out _))
            throw new InvalidOperationException("A UUID takes 16 bytes.");
    }

    /// <summary>Writes an unsigned LEB128 varint.</summary>
    public void WriteUnsignedVarInt(uint value)
    {
        while (value >= 0x80)
        {
            Reserve(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }

        Reserve(1)[0] = (byte)value;
    }

    /// <summary>Writes an unsigned LEB128 varlong.</summary>
    public void WriteUnsignedVarLong(ulong value)
    {
        while (value >= 0x80)
        {
            Reserve(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }

        Reserve(1)[0] = (byte)value;
    }

    /// <summary>Writes a zigzag-encoded signed 32-bit varint (record fields).</summary>
    public void WriteVarInt(int value) => WriteUnsignedVarInt((uint)((value << 1) ^ (value >> 31)));

    /// <summary>Writes a zigzag-encoded signed 64-bit varlong (record fields).</summary>
    public void WriteVarLong(long value) => WriteUnsignedVarLong((ulong)((value << 1) ^ (value >> 63)));

    /// <summary>Writes a nullable string, compact (flexible versions) or classic (int16 length).</summary>
    public void WriteNullableString(string? value, bool flexible)
    {
        if (value is null)
        {
            if (flexible) WriteUnsignedVarInt(0);
            else WriteInt16(-1);
            return;
        }

        int length;
        try
        {
            length = Utf8Strict.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The string is not valid UTF-16 (it has a lone surrogate), so it has no UTF-8 form to send.", nameof(value), e);
        }

        if (flexible)
        {
            WriteUnsignedVarInt((uint)length + 1);
        }
        else
        {
            if (length > short.MaxValue)
                throw new ArgumentException($"A classic Kafka string holds at most {short.MaxValue} bytes; this one has {length}.", nameof(value));
            WriteInt16((short)length);
        }

        Utf8Strict.GetBytes(value, Reserve(length));
    }

    /// <summary>Writes a non-null string, compact or classic.</summary>
    public void WriteString(string value, bool flexible) =>
        WriteNullableString(value ?? throw new ArgumentNullException(nameof(value)), flexible);

    /// <summary>Writes nullable bytes, compact (flexible versions) or classic (int32 length).</summary>
    public void WriteNullableBytes(ReadOnlySpan<byte> value, bool isNull, bool flexible)
    {
        if (isNull)
        {
            if (flexible) WriteUnsignedVarInt(0);
            else WriteInt32(-1);
            return;
        }

        if (flexible) WriteUnsignedVarInt((uint)value.Length + 1);
        else WriteInt32(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes an array length, compact or classic; -1 writes a null array.</summary>
    public void WriteArrayLength(int count, bool flexible)
    {
        if (count < -1)
            throw new ArgumentOutOfRangeException(nameof(count), count, "An array length is -1 (null) or more.");
        if (flexible) WriteUnsignedVarInt((uint)(count + 1));
        else WriteInt32(count);
    }

    /// <summary>Writes an empty tagged-field section (flexible versions only).</summary>
    public void WriteEmptyTaggedFields() => WriteUnsignedVarInt(0);

    /// <summary>Copies raw bytes.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>Reserves <paramref name="count"/> bytes to fill in later and returns their offset.</summary>
    public int Skip(int count)
    {
        var at = _position;
        Reserve(count).Clear();
        return at;
    }

    /// <summary>Writes a big-endian 32-bit integer at an earlier offset.</summary>
    public void WriteInt32At(int offset, int value) => BinaryPrimitives.WriteInt32BigEndian(Written(offset, 4), value);

    /// <summary>Writes a big-endian 32-bit unsigned integer at an earlier offset.</summary>
    public void WriteUInt32At(int offset, uint value) => BinaryPrimitives.WriteUInt32BigEndian(Written(offset, 4), value);

    /// <summary>The bytes written from <paramref name="offset"/> to the current position.</summary>
    public ReadOnlySpan<byte> WrittenFrom(int offset) => Written(offset, _position - offset);

    /// <summary>Forgets everything written, keeping the buffer.</summary>
    public void Reset() => _position = 0;

    /// <inheritdoc />
    public void Advance(int count)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (count < 0 || count > _buffer.Length - _position)
            throw new ArgumentOutOfRangeException(nameof(count));
        _position += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Grow(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_position);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Grow(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_position);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _position = 0;
        if (buffer.Length > 0)
            ArrayPool<byte>.Shared.Return(buffer);
    }

    private Span<byte> Reserve(int count)
    {
        Grow(count);
        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    private Span<byte> Written(int offset, int count)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (offset < 0 || count < 0 || offset + count > _position)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "Only bytes already written can be rewritten.");
        return _buffer.AsSpan(offset, count);
    }

    private void Grow(int count)
    {
        ObjectDisposedException.ThrowIf(_buffer.Length == 0, this);
        if (_buffer.Length - _position >= count)
            return;
        var size = Math.Max(_buffer.Length * 2, _position + count);
        var larger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _position).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private static readonly UTF8Encoding Utf8Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
