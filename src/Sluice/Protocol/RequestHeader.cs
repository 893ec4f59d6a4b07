namespace Sluice.Protocol;

/// <summary>Encodes the request header in front of every request body.</summary>
public static class RequestHeader
{
    /// <summary>
    /// Writes the header that goes with the request's version: v2 (v1 plus tagged fields) for a flexible
    /// version, else v1 (api key, version, correlation id, client id).
    /// </summary>
    public static void Write(KafkaWriter writer, ApiKey apiKey, short version, int correlationId, string? clientId, bool flexible) =>
        Write(writer, flexible ? (short)2 : (short)1, apiKey, version, correlationId, clientId);

    /// <summary>
    /// Writes request header <paramref name="headerVersion"/>: v0 carries api key, version and correlation id
    /// (only ControlledShutdown v0 ever used it); v1 adds the client id; v2 adds tagged fields. The client id
    /// stays a classic int16-length string even in v2.
    /// </summary>
    public static void Write(KafkaWriter writer, short headerVersion, ApiKey apiKey, short version, int correlationId, string? clientId)
    {
        if (headerVersion is < 0 or > 2)
            throw new ArgumentOutOfRangeException(nameof(headerVersion), headerVersion, "Request headers have versions 0, 1 and 2.");
        writer.WriteInt16((short)apiKey);
        writer.WriteInt16(version);
        writer.WriteInt32(correlationId);
        if (headerVersion >= 1)
            writer.WriteNullableString(clientId, flexible: false);
        if (headerVersion >= 2)
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
