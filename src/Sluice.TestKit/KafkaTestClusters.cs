using Sluice.TestKit.Containers;
using Sluice.TestKit.Legacy;
using Sluice.TestKit.Mock;

namespace Sluice.TestKit;

/// <summary>Starts a test cluster of any backend with its default options.</summary>
public static class KafkaTestClusters
{
    /// <summary>Starts a cluster; raises <see cref="TestClusterUnavailableException"/> when its backend cannot run here.</summary>
    /// <param name="backend">Which broker to run.</param>
    /// <param name="brokerCount">How many brokers; the Testcontainers backend runs one.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<IKafkaTestCluster> StartAsync(TestBrokerBackend backend, int brokerCount = 1, CancellationToken cancellationToken = default) =>
        backend switch
        {
            TestBrokerBackend.MockCluster => await MockCluster.StartAsync(MockClusterOptions.Default.WithBrokerCount(brokerCount), cancellationToken).ConfigureAwait(false),
            TestBrokerBackend.LegacyKafka => await LegacyKafkaCluster.StartAsync(LegacyKafkaOptions.Default with { BrokerCount = brokerCount }, cancellationToken).ConfigureAwait(false),
            TestBrokerBackend.Testcontainers => await TestcontainersKafkaCluster.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "unknown backend"),
        };

    /// <summary>
    /// Null when the backend can be tried on this machine; otherwise why not. A cheap check (is Java on the path,
    /// does a Docker engine answer): a backend that passes it and still fails to start is an error, not a skip.
    /// </summary>
    public static string? UnavailableReason(TestBrokerBackend backend) => backend switch
    {
        TestBrokerBackend.MockCluster => null,
        TestBrokerBackend.LegacyKafka => JavaMissingReason(),
        TestBrokerBackend.Testcontainers => DockerProbe.UnavailableReason,
        _ => "unknown backend",
    };

    private static string? JavaMissingReason()
    {
        try
        {
            JavaRuntime.Locate(null);
            return null;
        }
        catch (TestClusterUnavailableException e)
        {
            return e.Message;
        }
    }
}
