using System.Buffers.Binary;
using System.Text;
using Sluice.Protocol.Records;

namespace Sluice.Protocol;

/// <summary>
/// Reads Kafka wire primitives from a contiguous buffer. Every read is bounds-checked: malformed or
/// truncated input raises <see cref="KafkaProtocolException"/>, never an index or overflow exception.
/// </summary>
public ref struct KafkaReader
{
    // Over a segmented frame, the segment being read; otherwise the whole buffer.
    private ReadOnlySpan<byte> _buffer;
    private readonly FrameBuffer? _frame;
    private readonly SegmentedFrame? _segments;
    private readonly int _length;
    private int _segment;
    private int _base;
    private int _position;

    /// <summary>Creates a reader positioned at the start of <paramref name="buffer"/>.</summary>
    public KafkaReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _length = buffer.Length;
    }

    /// <summary>A reader over the first <paramref name="length"/> bytes of a pooled frame, whose slices may outlive the read.</summary>
    internal KafkaReader(FrameBuffer frame, int length)
    {
        _buffer = frame.Array.AsSpan(0, length);
        _frame = frame;
        _length = length;
    }

    /// <summary>
    /// A reader over a frame in segments. Reads are slices of a segment; the few that cross into the next one are
    /// copied out, and records are taken as pieces of the segments (<see cref="ReadRecordPieces"/>).
    /// </summary>
    internal KafkaReader(SegmentedFrame frame)
    {
        _segments = frame;
        _buffer = frame.Segment(0).Span;
        _length = frame.Length;
    }

    /// <summary>
    /// Reads a Fetch partition's records (nullable bytes, compact or classic) without copying them where they are in a
    /// pooled frame: each piece holds a reference to the frame or segment it lies in, or to a pooled copy. Returns
    /// null when the broker sent null, no pieces for empty records.
    /// </summary>
    internal RecordPiece[]? ReadRecordPieces(bool flexible)
    {
        var length = flexible ? CompactLength("compact bytes") : ReadInt32();
        if (length == -1)
            return null;
        CheckedLength(length, "bytes");
        if (length == 0)
            return [];
        if (_segments is not null)
        {
            var pieces = SegmentedRecords.Split(_segments, Position, length);
            Advance(length);
            return pieces;
        }

        var start = _position;
        var bytes = Take(length);
        return _frame is not null ? [RecordPiece.InFrame(_frame, start, length)] : [RecordPiece.Copied(bytes)];
    }

    /// <summary>Offset of the next byte to read.</summary>
    public readonly int Position => _base + _position;

    /// <summary>Bytes left to read.</summary>
    public readonly int Remaining => _length - Position;

    /// <summary>Reads a signed byte.</summary>
    public sbyte ReadInt8() => (sbyte)Take(1)[0];

    /// <summary>Reads a boolean (any non-zero byte is true).</summary>
    public bool ReadBoolean() => Take(1)[0] != 0;

    /// <summary>Reads a big-endian 16-bit integer.</summary>
    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

    /// <summary>Reads a big-endian 16-bit unsigned integer.</summary>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

    /// <summary>Reads a big-endian 32-bit integer.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    /// <summary>Reads a big-endian 32-bit unsigned integer.</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    /// <summary>Reads a big-endian 64-bit integer.</summary>
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    /// <summary>Reads a big-endian IEEE 754 double.</summary>
    public double ReadFloat64() => BinaryPrimitives.ReadDoubleBigEndian(Take(8));

    /// <summary>Reads a 16-byte UUID in the byte order Kafka writes it (most significant byte first).</summary>
    public Guid ReadUuid() => new(Take(16), bigEndian: true);

    /// <summary>Reads an unsigned LEB128 varint of at most 5 bytes that fits in 32 bits.</summary>
    public uint ReadUnsignedVarInt()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(1)[0];
            if (shift == 28 && (b & 0xF0) != 0)
                throw Malformed("unsigned varint does not fit in 32 bits");
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return result;
        }

        throw Malformed("unsigned varint longer than 5 bytes");
    }

    /// <summary>Reads an unsigned LEB128 varlong of at most 10 bytes.</summary>
    public ulong ReadUnsignedVarLong()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = Take(1)[0];
            if (shift == 63 && (b & 0xFE) != 0)
                throw Malformed("unsigned varlong does not fit in 64 bits");
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
                return result;
        }

        throw Malformed("unsigned varlong longer than 10 bytes");
    }

    /// <summary>Reads a zigzag-encoded signed 32-bit varint (record fields).</summary>
    public int ReadVarInt()
    {
        var raw = ReadUnsignedVarInt();
        return (int)(raw >> 1) ^ -(int)(raw & 1);
    }

    /// <summary>Reads a zigzag-encoded signed 64-bit varlong (record fields).</summary>
    public long ReadVarLong()
    {
        var raw = ReadUnsignedVarLong();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    /// <summary>Reads a classic string (int16 length); null is rejected.</summary>
    public string ReadString() => ReadNullableString() ?? throw Malformed("non-nullable string is null");

    /// <summary>Reads a classic nullable string (int16 length, -1 is null).</summary>
    public string? ReadNullableString()
    {
        var length = ReadInt16();
        return length == -1 ? null : DecodeUtf8(CheckedLength(length, "string"));
    }

    /// <summary>Reads a compact string (unsigned varint length + 1); null is rejected.</summary>
    public string ReadCompactString() => ReadCompactNullableString() ?? throw Malformed("non-nullable compact string is null");

    /// <summary>Reads a compact nullable string (unsigned varint length + 1, 0 is null).</summary>
    public string? ReadCompactNullableString()
    {
        var length = CompactLength("compact string");
        return length == -1 ? null : DecodeUtf8(length);
    }

    /// <summary>Reads a string in the compact or the classic encoding.</summary>
    public string ReadString(bool flexible) => flexible ? ReadCompactString() : ReadString();

    /// <summary>Reads a nullable string in the compact or the classic encoding.</summary>
    public string? ReadNullableString(bool flexible) => flexible ? ReadCompactNullableString() : ReadNullableString();

    /// <summary>Reads classic nullable bytes (int32 length, -1 is null) as a slice of the buffer.</summary>
    public ReadOnlySpan<byte> ReadNullableBytes(out bool isNull)
    {
        var length = ReadInt32();
        isNull = length == -1;
        return isNull ? default : Take(CheckedLength(length, "bytes"));
    }

    /// <summary>Reads compact nullable bytes (unsigned varint length + 1, 0 is null) as a slice of the buffer.</summary>
    public ReadOnlySpan<byte> ReadCompactNullableBytes(out bool isNull)
    {
        var length = CompactLength("compact bytes");
        isNull = length == -1;
        return isNull ? default : Take(length);
    }

    /// <summary>Reads nullable bytes in the compact or the classic encoding as a slice of the buffer.</summary>
    public ReadOnlySpan<byte> ReadNullableBytes(bool flexible, out bool isNull) =>
        flexible ? ReadCompactNullableBytes(out isNull) : ReadNullableBytes(out isNull);

    /// <summary>Reads non-null bytes in the compact or the classic encoding and copies them out.</summary>
    public byte[] ReadBytes(bool flexible)
    {
        var span = ReadNullableBytes(flexible, out var isNull);
        if (isNull)
            throw Malformed("non-nullable bytes are null");
        return span.ToArray();
    }

    /// <summary>
    /// Reads an array length in the compact or the classic encoding; -1 means null. The length is checked
    /// against the bytes left, since every element takes at least one byte: a corrupt count cannot make the
    /// caller allocate more than the response holds.
    /// </summary>
    public int ReadArrayLength(bool flexible)
    {
        var count = flexible ? CompactLength("compact array") : ReadInt32();
        if (count < -1)
            throw Malformed($"array length {count} is negative");
        if (count > Remaining)
            throw Malformed($"array length {count} exceeds the {Remaining} bytes left");
        return count;
    }

    /// <summary>Reads a non-null array length; null is rejected.</summary>
    public int ReadNonNullArrayLength(bool flexible)
    {
        var count = ReadArrayLength(flexible);
        return count == -1 ? throw Malformed("non-nullable array is null") : count;
    }

    /// <summary>Reads an array of int32 values, compact or classic; a null array reads as empty.</summary>
    public int[] ReadInt32Array(bool flexible)
    {
        var count = ReadArrayLength(flexible);
        if (count <= 0)
            return [];
        var values = new int[count];
        for (var i = 0; i < count; i++)
            values[i] = ReadInt32();
        return values;
    }

    /// <summary>Skips a tagged-field section (flexible versions only): a count, then tag, size and data of each.</summary>
    public void SkipTaggedFields()
    {
        var count = ReadUnsignedVarInt();
        if (count > (uint)Remaining)
            throw Malformed($"tagged field count {count} exceeds the {Remaining} bytes left");
        for (var i = 0u; i < count; i++)
        {
            ReadUnsignedVarInt();
            var size = ReadUnsignedVarInt();
            Take(CheckedLength(size, "tagged field"));
        }
    }

    /// <summary>Reads <paramref name="count"/> raw bytes as a slice of the buffer.</summary>
    public ReadOnlySpan<byte> ReadRaw(int count) => Take(CheckedLength(count, "raw bytes"));

    /// <summary>The bytes not read yet, without advancing.</summary>
    public readonly ReadOnlySpan<byte> PeekRemaining()
    {
        if (_segments is null || Remaining <= _buffer.Length - _position)
            return _buffer[_position..];
        var rest = new byte[Remaining];
        _segments.CopyTo(Position, rest);
        return rest;
    }

    /// <summary>Advances past <paramref name="count"/> bytes.</summary>
    public void Skip(int count) => Take(CheckedLength(count, "skipped bytes"));

    private ReadOnlySpan<byte> Take(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _position))
            return TakeAcross(count);
        var slice = _buffer.Slice(_position, count);
        _position += count;
        return slice;
    }

    // Past the end of the buffer, or of the segment being read: the next segment may hold the bytes whole, or else
    // they are copied out of the segments they span (a field that crosses a boundary, once per segment at most).
    private ReadOnlySpan<byte> TakeAcross(int count)
    {
        if (count < 0 || count > Remaining)
            throw Malformed($"needed {count} bytes but only {Remaining} remain");
        if (_buffer.Length - _position == 0)
        {
            NextSegment();
            if (count <= _buffer.Length)
                return Take(count);
        }

        var copy = new byte[count];
        _segments!.CopyTo(Position, copy);
        Advance(count);
        return copy;
    }

    // Moves the position on by count bytes (checked by the caller), across segments.
    private void Advance(int count)
    {
        var target = Position + count;
        while (_segments is not null && target > _base + _buffer.Length)
            NextSegment();
        _position = target - _base;
    }

    private void NextSegment()
    {
        _base += _buffer.Length;
        _buffer = _segments!.Segment(++_segment).Span;
        _position = 0;
    }

    private int CompactLength(string what)
    {
        var raw = ReadUnsignedVarInt();
        if (raw > int.MaxValue)
            throw Malformed($"{what} length {raw} is out of range");
        var length = (int)raw - 1;
        if (length > Remaining)
            throw Malformed($"{what} length {length} exceeds the {Remaining} bytes left");
        return length;
    }

    private readonly int CheckedLength(long length, string what)
    {
        if (length < 0)
            throw Malformed($"{what} length {length} is negative");
        if (length > Remaining)
            throw Malformed($"{what} length {length} exceeds the {Remaining} bytes left");
        return (int)length;
    }

    private string DecodeUtf8(int length)
    {
        var bytes = Take(length);
        try
        {
            return Utf8Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new KafkaProtocolException($"string at offset {Position - length} is not valid UTF-8", e);
        }
    }

    private readonly KafkaProtocolException Malformed(string what) => new($"Malformed Kafka data at offset {Position}: {what}.");

    private static readonly UTF8Encoding Utf8Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
