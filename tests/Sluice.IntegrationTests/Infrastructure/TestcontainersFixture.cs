using Sluice.TestKit;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>A current Apache Kafka in Docker shared by the Testcontainers collection.</summary>
public sealed class TestcontainersFixture() : BackendFixture(TestBrokerBackend.Testcontainers, 1);
