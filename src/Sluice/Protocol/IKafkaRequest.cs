namespace Sluice.Protocol;

/// <summary>A request Sluice can encode, with the versions it implements.</summary>
public interface IKafkaRequest
{
    /// <summary>The request type.</summary>
    ApiKey ApiKey { get; }

    /// <summary>
    /// The versions Sluice can encode for this request. A request may narrow its API's range when what it
    /// carries needs a newer version (zstd needs Produce v7) or cannot be said in one.
    /// </summary>
    VersionRange Versions { get; }

    /// <summary>The first version that uses compact types and tagged fields (KIP-482).</summary>
    short FirstFlexibleVersion { get; }

    /// <summary>Writes the request body (everything after the header) at <paramref name="version"/>.</summary>
    void WriteBody(KafkaWriter writer, short version);

    /// <summary>False for the one request the broker never answers: Produce with acks = 0.</summary>
    bool ExpectsResponse => true;
}

/// <summary>A request whose response Sluice can decode.</summary>
/// <typeparam name="TResponse">The decoded response.</typeparam>
public interface IKafkaRequest<out TResponse> : IKafkaRequest
{
    /// <summary>Reads the response body (after the response header) sent for <paramref name="version"/>.</summary>
    TResponse ReadResponse(ref KafkaReader reader, short version);
}
