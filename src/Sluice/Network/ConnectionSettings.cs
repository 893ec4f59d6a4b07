using Sluice.Protocol;
using static Sluice.Settings.SettingGuards;

namespace Sluice.Network;

/// <summary>
/// How Sluice connects to brokers. Immutable; change it with the <c>WithX</c> copies or an object initializer.
/// Every value is checked when it is set: an invalid one raises <see cref="ArgumentOutOfRangeException"/>
/// naming the setting and the accepted range.
/// </summary>
public sealed record ConnectionSettings
{
    /// <summary>The defaults.</summary>
    public static ConnectionSettings Default { get; } = new();

    /// <summary>Sent in every request header; brokers log it and use it for quotas.</summary>
    public string ClientId { get; init => field = value ?? throw new ArgumentNullException(nameof(ClientId)); } = "sluice";

    /// <summary>How long a TCP connect may take.</summary>
    public TimeSpan ConnectTimeout { get; init => field = Positive(value, nameof(ConnectTimeout)); } = TimeSpan.FromSeconds(10);

    /// <summary>How long a request may wait for its answer unless the caller gives its own timeout.</summary>
    public TimeSpan RequestTimeout { get; init => field = Positive(value, nameof(RequestTimeout)); } = TimeSpan.FromSeconds(30);

    /// <summary>Requests sent on one connection and not yet answered, at most (1 or more).</summary>
    public int MaxInFlightRequests { get; init => field = AtLeast(value, 1, nameof(MaxInFlightRequests)); } = 16;

    /// <summary>
    /// The largest response accepted, in bytes (at least 1 KiB). A larger size prefix means the stream is not
    /// Kafka (or is corrupt): the connection is closed rather than allocating it.
    /// </summary>
    public int MaxResponseSize { get; init => field = AtLeast(value, 1024, nameof(MaxResponseSize)); } = 100 * 1024 * 1024;

    /// <summary>
    /// The socket receive buffer asked of the operating system, in bytes; 0 leaves it to the system, which on
    /// Linux starts small and grows it as the connection proves busy. A fixed size is set before the connect, so
    /// the TCP window the broker may fill is agreed on from the first byte.
    /// </summary>
    public int ReceiveBufferBytes { get; init => field = SocketBuffer(value, nameof(ReceiveBufferBytes)); }

    /// <summary>The socket send buffer asked of the operating system, in bytes; 0 leaves it to the system.</summary>
    public int SendBufferBytes { get; init => field = SocketBuffer(value, nameof(SendBufferBytes)); }

    /// <summary>
    /// Ask each broker which versions it speaks (ApiVersions, Kafka 0.10+). When false, every broker is
    /// treated as Kafka 0.9 and sent only the 0.9 versions.
    /// </summary>
    public bool ApiVersionsRequest { get; init; } = true;

    /// <summary>
    /// Recognise Kafka 0.9 brokers, which predate ApiVersions, and use the fixed 0.9 version table with them:
    /// a broker that closes the socket on ApiVersions, or answers a later request while ApiVersions stays
    /// unanswered, is one.
    /// </summary>
    public bool LegacyBrokerFallback { get; init; } = true;

    /// <summary>How long ApiVersions may go unanswered before Sluice checks whether the broker is Kafka 0.9.</summary>
    public TimeSpan LegacyProbeDelay { get; init => field = Positive(value, nameof(LegacyProbeDelay)); } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// How long the version handshake of a new connection may take; when Sluice probes for Kafka 0.9, the probe
    /// gets this long after <see cref="LegacyProbeDelay"/>.
    /// </summary>
    public TimeSpan ApiVersionsTimeout { get; init => field = Positive(value, nameof(ApiVersionsTimeout)); } = TimeSpan.FromSeconds(10);

    /// <summary>Highest version to send per request type, below what Sluice and the broker both support.</summary>
    public IReadOnlyDictionary<ApiKey, short> MaxVersions
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(MaxVersions));
            foreach (var (apiKey, version) in value)
            {
                if (version < 0)
                    throw new ArgumentOutOfRangeException(nameof(MaxVersions), version, $"{nameof(MaxVersions)}[{apiKey}] must be 0 or more.");
            }

            field = value;
        }
    } = new Dictionary<ApiKey, short>();

    /// <summary>Returns a copy with another client id.</summary>
    public ConnectionSettings WithClientId(string clientId) => this with { ClientId = clientId };

    /// <summary>Returns a copy with another connect timeout.</summary>
    public ConnectionSettings WithConnectTimeout(TimeSpan timeout) => this with { ConnectTimeout = timeout };

    /// <summary>Returns a copy with another default request timeout.</summary>
    public ConnectionSettings WithRequestTimeout(TimeSpan timeout) => this with { RequestTimeout = timeout };

    /// <summary>Returns a copy with another in-flight bound.</summary>
    public ConnectionSettings WithMaxInFlightRequests(int count) => this with { MaxInFlightRequests = count };

    /// <summary>Returns a copy with another socket receive buffer size (0: the system's).</summary>
    public ConnectionSettings WithReceiveBufferBytes(int bytes) => this with { ReceiveBufferBytes = bytes };

    /// <summary>Returns a copy with another socket send buffer size (0: the system's).</summary>
    public ConnectionSettings WithSendBufferBytes(int bytes) => this with { SendBufferBytes = bytes };

    /// <summary>Returns a copy that asks brokers for their versions, or treats them all as Kafka 0.9.</summary>
    public ConnectionSettings WithApiVersionsRequest(bool enabled) => this with { ApiVersionsRequest = enabled };

    /// <summary>Returns a copy that caps the version of one request type.</summary>
    public ConnectionSettings WithMaxVersion(ApiKey apiKey, short version) =>
        this with { MaxVersions = new Dictionary<ApiKey, short>(MaxVersions) { [apiKey] = version } };

    // 0 means "the system's"; anything else below 1 KiB is a mistake (a size in KiB written as bytes).
    private static int SocketBuffer(int value, string name) => value == 0 || value >= MinSocketBufferBytes
        ? value
        : throw new ArgumentOutOfRangeException(name, value, $"{name} must be 0 (the system's) or {MinSocketBufferBytes} or more.");

    private const int MinSocketBufferBytes = 1024;
}
