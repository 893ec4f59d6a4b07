using Sluice.Protocol;

namespace Sluice.Network;

/// <summary>No version of a request is accepted by both Sluice and the broker (after any user cap).</summary>
public sealed class UnsupportedVersionException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    public UnsupportedVersionException(BrokerEndpoint endpoint, ApiKey apiKey, VersionRange ours, VersionRange? brokers)
        : base(brokers is null
            ? $"Broker {endpoint} does not support {apiKey} at all; Sluice implements {ours}."
            : $"Broker {endpoint} supports {apiKey} {brokers}, Sluice can send {ours}: no common version.")
    {
        ApiKey = apiKey;
    }

    /// <summary>The request type that cannot be sent.</summary>
    public ApiKey ApiKey { get; }
}
