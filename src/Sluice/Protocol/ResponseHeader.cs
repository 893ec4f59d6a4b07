namespace Sluice.Protocol;

/// <summary>Decodes the response header in front of every response body.</summary>
public static class ResponseHeader
{
    /// <summary>Reads the correlation id, which is all of header v0.</summary>
    public static int ReadCorrelationId(ref KafkaReader reader) => reader.ReadInt32();

    /// <summary>Reads what follows the correlation id: nothing in header v0, tagged fields in v1.</summary>
    public static void ReadRest(ref KafkaReader reader, bool flexible)
    {
        if (flexible)
            reader.SkipTaggedFields();
    }
}
