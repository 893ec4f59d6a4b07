using Sluice.TestKit;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>Names the broker backend that a scenario class's tests run against.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsOnAttribute(TestBrokerBackend backend) : Attribute
{
    /// <summary>The backend.</summary>
    public TestBrokerBackend Backend { get; } = backend;
}
