using Xunit;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>Scenario classes that run against the shared Docker Kafka.</summary>
[CollectionDefinition(Name)]
public sealed class TestcontainersCollection : ICollectionFixture<TestcontainersFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Testcontainers";
}
