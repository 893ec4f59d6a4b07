using Xunit;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>Scenario classes that run against the shared mock cluster.</summary>
[CollectionDefinition(Name)]
public sealed class MockClusterCollection : ICollectionFixture<MockClusterFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "MockCluster";
}
