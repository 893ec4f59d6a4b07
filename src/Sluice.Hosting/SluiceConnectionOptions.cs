namespace Sluice.Hosting;

/// <summary>
/// How a consumer talks to each broker: the <c>connection</c> block of its settings. Only the properties you set are
/// written; the others keep the value from <c>sluice.consumer.connection</c> or Sluice's reference configuration.
/// </summary>
public sealed class SluiceConnectionOptions
{
    /// <summary>How long a TCP connect may take (<c>connect-timeout</c>). Default: 10 s.</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>How long a request may wait for its answer unless it has its own timeout (<c>request-timeout</c>).
    /// Default: 30 s.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>Requests sent on one connection and not yet answered, at most (<c>max-in-flight-requests</c>).
    /// Default: 16.</summary>
    public int? MaxInFlightRequests { get; set; }

    /// <summary>The largest response accepted, in bytes, 1024 or more (<c>max-response-size</c>). Default: 104857600 (100 MiB).</summary>
    public int? MaxResponseSize { get; set; }

    /// <summary>The socket receive buffer asked of the operating system, in bytes; 0 leaves it to the system
    /// (<c>receive-buffer-bytes</c>). Default: 0.</summary>
    public int? ReceiveBufferBytes { get; set; }

    /// <summary>The socket send buffer asked of the operating system, in bytes; 0 leaves it to the system
    /// (<c>send-buffer-bytes</c>). Default: 0.</summary>
    public int? SendBufferBytes { get; set; }

    /// <summary>Ask each broker which versions it speaks; false treats every broker as Kafka 0.9
    /// (<c>api-versions-request</c>). Default: true.</summary>
    public bool? ApiVersionsRequest { get; set; }

    /// <summary>Recognise Kafka 0.9 brokers, which predate ApiVersions (<c>legacy-broker-fallback</c>). Default: true.</summary>
    public bool? LegacyBrokerFallback { get; set; }

    /// <summary>How long ApiVersions may go unanswered before Sluice checks for Kafka 0.9 (<c>legacy-probe-delay</c>).
    /// Default: 300 ms.</summary>
    public TimeSpan? LegacyProbeDelay { get; set; }

    /// <summary>How long the version handshake of a new connection may take (<c>api-versions-timeout</c>). Default: 10 s.</summary>
    public TimeSpan? ApiVersionsTimeout { get; set; }

    internal void WriteTo(HoconWriter hocon)
    {
        if (ConnectTimeout is null && RequestTimeout is null && MaxInFlightRequests is null && MaxResponseSize is null
            && ReceiveBufferBytes is null && SendBufferBytes is null && ApiVersionsRequest is null && LegacyBrokerFallback is null && LegacyProbeDelay is null && ApiVersionsTimeout is null)
            return;

        hocon.Open("connection");
        hocon.Add("connect-timeout", ConnectTimeout);
        hocon.Add("request-timeout", RequestTimeout);
        hocon.Add("max-in-flight-requests", MaxInFlightRequests);
        hocon.Add("max-response-size", MaxResponseSize);
        hocon.Add("receive-buffer-bytes", ReceiveBufferBytes);
        hocon.Add("send-buffer-bytes", SendBufferBytes);
        hocon.Add("api-versions-request", ApiVersionsRequest);
        hocon.Add("legacy-broker-fallback", LegacyBrokerFallback);
        hocon.Add("legacy-probe-delay", LegacyProbeDelay);
        hocon.Add("api-versions-timeout", ApiVersionsTimeout);
        hocon.Close();
    }
}
