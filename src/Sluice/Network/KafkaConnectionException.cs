namespace Sluice.Network;

/// <summary>
/// The connection to a broker failed or closed. Every request that was in flight on it completes with this
/// exception; none is left waiting. Retrying on a new connection is safe for reads and group requests.
/// </summary>
public class KafkaConnectionException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    public KafkaConnectionException(BrokerEndpoint endpoint, string message, Exception? innerException = null, bool closedByPeer = false)
        : base($"Connection to broker {endpoint}: {message}", innerException)
    {
        Endpoint = endpoint;
        ClosedByPeer = closedByPeer;
    }

    /// <summary>The broker the connection went to.</summary>
    public BrokerEndpoint Endpoint { get; }

    /// <summary>True when the broker closed the socket (end of stream or reset) rather than a local failure.</summary>
    public bool ClosedByPeer { get; }
}
