using Xunit;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>Scenario classes that run against the shared Kafka 0.9 broker.</summary>
[CollectionDefinition(Name)]
public sealed class LegacyKafkaCollection : ICollectionFixture<LegacyKafkaFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "LegacyKafka";
}
