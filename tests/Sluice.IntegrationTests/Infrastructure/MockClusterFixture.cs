using Sluice.TestKit;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>A three-broker librdkafka mock cluster shared by the MockCluster collection.</summary>
public sealed class MockClusterFixture() : BackendFixture(TestBrokerBackend.MockCluster, 3);
