using Testcontainers.Kafka;

namespace Sluice.TestKit.Containers;

/// <summary>A current Apache Kafka broker in Docker, run by Testcontainers.</summary>
public sealed class TestcontainersKafkaCluster : IKafkaTestCluster
{
    // The image's in-container listener: kafka-topics.sh runs inside the container and must not go through
    // the host-mapped port that the broker advertises to clients outside.
    private const string InternalBootstrap = "localhost:9093";

    private readonly KafkaContainer _container;

    private TestcontainersKafkaCluster(KafkaContainer container)
    {
        _container = container;
        BootstrapServers = container.GetBootstrapAddress().Replace("PLAINTEXT://", string.Empty, StringComparison.Ordinal).TrimEnd('/');
    }

    /// <inheritdoc />
    public TestBrokerBackend Backend => TestBrokerBackend.Testcontainers;

    /// <inheritdoc />
    public string BootstrapServers { get; }

    /// <inheritdoc />
    public int BrokerCount => 1;

    /// <summary>Starts the broker; raises <see cref="TestClusterUnavailableException"/> when Docker is missing.</summary>
    public static async Task<TestcontainersKafkaCluster> StartAsync(TestcontainersKafkaOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= TestcontainersKafkaOptions.Default;
        if (DockerProbe.UnavailableReason is { } reason)
            throw new TestClusterUnavailableException(TestBrokerBackend.Testcontainers, reason);

        var container = new KafkaBuilder(options.Image).Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StartTimeout);
        try
        {
            await container.StartAsync(timeout.Token).ConfigureAwait(false);
            return new TestcontainersKafkaCluster(container);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await container.DisposeAsync().ConfigureAwait(false);
            throw new TestClusterUnavailableException(TestBrokerBackend.Testcontainers, $"image {options.Image} did not start: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task CreateTopicAsync(string topic, int partitions, int replicationFactor = 1, CancellationToken cancellationToken = default)
    {
        var result = await _container.ExecAsync(
            [
                "/opt/kafka/bin/kafka-topics.sh", "--bootstrap-server", InternalBootstrap, "--create", "--if-not-exists",
                "--topic", topic, "--partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--replication-factor", replicationFactor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ],
            cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"kafka-topics.sh could not create {topic}: {result.Stderr}{result.Stdout}");
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _container.DisposeAsync();
}
