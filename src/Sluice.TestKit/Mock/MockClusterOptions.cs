namespace Sluice.TestKit.Mock;

/// <summary>How <see cref="MockCluster.StartAsync"/> starts and drives the mock cluster. Immutable; use the <c>With</c> copies.</summary>
public sealed record MockClusterOptions
{
    /// <summary>The defaults: 3 brokers, 100 ms initial rebalance delay, unparsable versions capped.</summary>
    public static MockClusterOptions Default { get; } = new();

    /// <summary>How many brokers the mock runs; their ids are 1..N. Default 3.</summary>
    public int BrokerCount
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(BrokerCount), value, "needs at least one broker");
    } = 3;

    /// <summary>
    /// How long a new group waits for more members before its first rebalance. The mock's own default, 3 s,
    /// would slow every group test down. Default 100 ms.
    /// </summary>
    public TimeSpan InitialRebalanceDelay
    {
        get;
        init => field = value >= TimeSpan.Zero && value.TotalMilliseconds <= int.MaxValue
            ? value
            : throw new ArgumentOutOfRangeException(nameof(InitialRebalanceDelay), value, "must be between 0 and int.MaxValue ms");
    } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Caps the versions the mock advertises but cannot parse (JoinGroup ≤5, SyncGroup ≤3, LeaveGroup ≤2,
    /// ApiVersions ≤2) right after start, so a client negotiating normally never sends them. Default true.
    /// </summary>
    public bool CapUnparsableVersions { get; init; } = true;

    /// <summary>How long the host may take to report its brokers ready. Default 20 s.</summary>
    public TimeSpan StartTimeout
    {
        get;
        init => field = Positive(value, nameof(StartTimeout));
    } = TimeSpan.FromSeconds(20);

    /// <summary>How long one control command may take before the host is declared hung and killed. Default 10 s.</summary>
    public TimeSpan CommandTimeout
    {
        get;
        init => field = Positive(value, nameof(CommandTimeout));
    } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The folder holding <c>Sluice.TestKit.MockHost.dll</c> and its <c>runtimes/</c> native files, or null for
    /// the folder of the Sluice.TestKit assembly, where the build puts them.
    /// </summary>
    public string? HostDirectory { get; init; }

    /// <summary>librdkafka's syslog-style log level (0–7) for the host's stderr. Default 3 (errors).</summary>
    public int LogLevel
    {
        get;
        init => field = value is >= 0 and <= 7 ? value : throw new ArgumentOutOfRangeException(nameof(LogLevel), value, "must be 0..7");
    } = 3;

    /// <summary>A copy with <see cref="BrokerCount"/> set.</summary>
    public MockClusterOptions WithBrokerCount(int brokerCount) => this with { BrokerCount = brokerCount };

    /// <summary>A copy with <see cref="InitialRebalanceDelay"/> set.</summary>
    public MockClusterOptions WithInitialRebalanceDelay(TimeSpan delay) => this with { InitialRebalanceDelay = delay };

    /// <summary>A copy with <see cref="CapUnparsableVersions"/> set.</summary>
    public MockClusterOptions WithCapUnparsableVersions(bool cap) => this with { CapUnparsableVersions = cap };

    /// <summary>A copy with <see cref="StartTimeout"/> set.</summary>
    public MockClusterOptions WithStartTimeout(TimeSpan timeout) => this with { StartTimeout = timeout };

    /// <summary>A copy with <see cref="CommandTimeout"/> set.</summary>
    public MockClusterOptions WithCommandTimeout(TimeSpan timeout) => this with { CommandTimeout = timeout };

    /// <summary>A copy with <see cref="HostDirectory"/> set.</summary>
    public MockClusterOptions WithHostDirectory(string? directory) => this with { HostDirectory = directory };

    /// <summary>A copy with <see cref="LogLevel"/> set.</summary>
    public MockClusterOptions WithLogLevel(int logLevel) => this with { LogLevel = logLevel };

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, "must be positive");
}
