namespace Sluice.TestKit;

/// <summary>The kinds of real broker the test kit can start.</summary>
public enum TestBrokerBackend
{
    /// <summary>librdkafka's mock cluster, run in a child process.</summary>
    MockCluster,

    /// <summary>Apache Kafka 0.9.0.1 with ZooKeeper, run with Java.</summary>
    LegacyKafka,

    /// <summary>A current Apache Kafka image run by Testcontainers in Docker.</summary>
    Testcontainers,
}
