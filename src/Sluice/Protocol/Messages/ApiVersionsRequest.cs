namespace Sluice.Protocol.Messages;

/// <summary>
/// Asks a broker which versions of each request it accepts (Kafka 0.10+). Kafka 0.9 does not know this
/// request and closes the connection instead of answering.
/// </summary>
public sealed class ApiVersionsRequest : IKafkaRequest<ApiVersionsResponse>
{
    /// <summary>The versions Sluice implements.</summary>
    public static readonly VersionRange Supported = new(0, 4);

    /// <summary>Creates the request; the client software fields go out from v3 on (KIP-511).</summary>
    public ApiVersionsRequest(string clientSoftwareName = "sluice", string clientSoftwareVersion = "0.1.0")
    {
        ClientSoftwareName = clientSoftwareName;
        ClientSoftwareVersion = clientSoftwareVersion;
    }

    /// <summary>Client library name, sent from v3 on.</summary>
    public string ClientSoftwareName { get; }

    /// <summary>Client library version, sent from v3 on.</summary>
    public string ClientSoftwareVersion { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.ApiVersions;

    /// <inheritdoc />
    public VersionRange Versions => Supported;

    /// <inheritdoc />
    public short FirstFlexibleVersion => 3;

    /// <inheritdoc />
    public void WriteBody(KafkaWriter writer, short version)
    {
        if (version < 3)
            return;
        writer.WriteString(ClientSoftwareName, flexible: true);
        writer.WriteString(ClientSoftwareVersion, flexible: true);
        writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public ApiVersionsResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var error = (ErrorCode)reader.ReadInt16();
        if (error == ErrorCode.UnsupportedVersion && version > 0)
            return ReadDowngradeHint(ref reader);

        var flexible = version >= FirstFlexibleVersion;
        var count = reader.ReadNonNullArrayLength(flexible);
        var keys = new List<ApiVersionRange>(count);
        for (var i = 0; i < count; i++)
        {
            var key = (ApiKey)reader.ReadInt16();
            var range = new VersionRange(reader.ReadInt16(), reader.ReadInt16());
            if (flexible)
                reader.SkipTaggedFields();
            keys.Add(new ApiVersionRange(key, range));
        }

        var throttle = version >= 1 ? reader.ReadInt32() : 0;
        if (flexible)
            reader.SkipTaggedFields();
        return new ApiVersionsResponse(error, keys, throttle);
    }

    // A broker that does not know our ApiVersions version answers in the v0 body layout, listing at least its
    // own ApiVersions range so the client can retry at a version it accepts (KIP-511). Some brokers write that
    // body wrongly; then the hint is empty and the caller falls back to v0.
    private static ApiVersionsResponse ReadDowngradeHint(ref KafkaReader reader)
    {
        var keys = new List<ApiVersionRange>();
        try
        {
            var count = reader.ReadNonNullArrayLength(flexible: false);
            for (var i = 0; i < count; i++)
                keys.Add(new ApiVersionRange((ApiKey)reader.ReadInt16(), new VersionRange(reader.ReadInt16(), reader.ReadInt16())));
        }
        catch (KafkaProtocolException)
        {
            keys.Clear();
        }

        return new ApiVersionsResponse(ErrorCode.UnsupportedVersion, keys, 0);
    }
}
