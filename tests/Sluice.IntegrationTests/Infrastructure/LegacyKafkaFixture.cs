using Sluice.TestKit;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>A single Apache Kafka 0.9.0.1 broker shared by the LegacyKafka collection.</summary>
public sealed class LegacyKafkaFixture() : BackendFixture(TestBrokerBackend.LegacyKafka, 1);
