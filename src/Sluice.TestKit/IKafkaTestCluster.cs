namespace Sluice.TestKit;

/// <summary>
/// A running set of real Kafka brokers on loopback that a test points a client at.
/// Disposing it stops every process, frees every port and deletes every directory it made.
/// </summary>
public interface IKafkaTestCluster : IAsyncDisposable
{
    /// <summary>The backend that runs the brokers.</summary>
    TestBrokerBackend Backend { get; }

    /// <summary>Comma-separated <c>host:port</c> list of the brokers, for a client's bootstrap setting.</summary>
    string BootstrapServers { get; }

    /// <summary>How many brokers the cluster runs.</summary>
    int BrokerCount { get; }

    /// <summary>Creates a topic and returns once every partition has a leader.</summary>
    Task CreateTopicAsync(string topic, int partitions, int replicationFactor = 1, CancellationToken cancellationToken = default);
}
