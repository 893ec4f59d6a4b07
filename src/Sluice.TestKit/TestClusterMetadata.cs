using Sluice.Cluster;
using Sluice.Network;

namespace Sluice.TestKit;

/// <summary>Cluster views for a test's own checks beside the consumers under test.</summary>
public static class TestClusterMetadata
{
    /// <summary>
    /// A view of <paramref name="cluster"/> that connects as its backend requires. Kafka 0.9 is known to be 0.9
    /// here, so the view does not probe for it: a probe's unknown ApiVersions key makes 0.9.0.1 drop the other
    /// requests read alongside it, which would be the consumers' under test.
    /// </summary>
    public static ClusterMetadata OpenMetadata(this IKafkaTestCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var settings = ConnectionSettings.Default.WithApiVersionsRequest(cluster.Backend != TestBrokerBackend.LegacyKafka);
        return ClusterMetadata.Create(cluster.BootstrapServers, settings);
    }
}
