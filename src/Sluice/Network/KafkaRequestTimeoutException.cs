namespace Sluice.Network;

/// <summary>
/// A request got no answer within its timeout. Kafka answers a connection's requests in order, so a missing
/// answer leaves the connection unusable: it is closed, and the requests behind it fail with
/// <see cref="KafkaConnectionException"/>.
/// </summary>
public sealed class KafkaRequestTimeoutException : KafkaConnectionException
{
    /// <summary>Creates the exception.</summary>
    public KafkaRequestTimeoutException(BrokerEndpoint endpoint, string request, TimeSpan timeout, string? circumstances = null)
        : base(endpoint, $"{request} got no response within {timeout.TotalMilliseconds:0} ms{(circumstances is null ? "" : $" ({circumstances})")}")
    {
        Timeout = timeout;
    }

    /// <summary>The timeout that expired.</summary>
    public TimeSpan Timeout { get; }
}
