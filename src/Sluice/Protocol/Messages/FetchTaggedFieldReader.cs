namespace Sluice.Protocol.Messages;

/// <summary>
/// Walks a tagged-field section (KIP-482) whose tags Fetch reads rather than skips: a count, then per field its
/// tag, size and bytes. Each field is handed out as its own slice, so a field cannot read past its size.
/// </summary>
internal struct FetchTaggedFieldReader
{
    private uint _left;

    /// <summary>Reads the section's field count.</summary>
    public FetchTaggedFieldReader(ref KafkaReader reader)
    {
        _left = reader.ReadUnsignedVarInt();
        if (_left > (uint)reader.Remaining)
            throw new KafkaProtocolException($"Malformed Kafka data at offset {reader.Position}: tagged field count {_left} exceeds the {reader.Remaining} bytes left.");
    }

    /// <summary>Reads the next field; false when the section is done.</summary>
    public bool Next(ref KafkaReader reader, out uint tag, out ReadOnlySpan<byte> data)
    {
        if (_left == 0)
        {
            tag = 0;
            data = default;
            return false;
        }

        _left--;
        tag = reader.ReadUnsignedVarInt();
        var size = reader.ReadUnsignedVarInt();
        if (size > (uint)reader.Remaining)
            throw new KafkaProtocolException($"Malformed Kafka data at offset {reader.Position}: tagged field size {size} exceeds the {reader.Remaining} bytes left.");
        data = reader.ReadRaw((int)size);
        return true;
    }
}
