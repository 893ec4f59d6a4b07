namespace Sluice.Protocol;

/// <summary>Encodes the request header in front of every request body.</summary>
public static class RequestHeader
{
    /// <summary>
    /// Writes header v1 (api key, version, correlation id, client id), or v2 (v1 plus tagged fields) for a
    /// flexible version. The client id stays a classic int16-length string even in v2.
    /// </summary>
    public static void Write(KafkaWriter writer, ApiKey apiKey, short version, int correlationId, string? clientId, bool flexible)
    {
        writer.WriteInt16((short)apiKey);
        writer.WriteInt16(version);
        writer.WriteInt32(correlationId);
        writer.WriteNullableString(clientId, flexible: false);
        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <summary>
    /// Whether the response to this request carries header v1 (with tagged fields). ApiVersions is the
    /// exception: its response header stays v0 in every version, so that a client that does not yet know which
    /// versions the broker speaks can always read it.
    /// </summary>
    public static bool ResponseHeaderIsFlexible(ApiKey apiKey, bool requestIsFlexible) =>
        requestIsFlexible && apiKey != ApiKey.ApiVersions;
}
