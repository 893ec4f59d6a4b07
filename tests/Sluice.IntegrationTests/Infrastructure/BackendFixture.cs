using Sluice.TestKit;
using Xunit;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>
/// One cluster of a backend, shared by every scenario class of that backend's collection. A backend that
/// cannot run here is not started (its tests are already skipped by <see cref="ScenarioFactDiscoverer"/>).
/// </summary>
public abstract class BackendFixture(TestBrokerBackend backend, int brokerCount) : IAsyncLifetime
{
    private IKafkaTestCluster? _cluster;

    /// <summary>The backend.</summary>
    public TestBrokerBackend Backend { get; } = backend;

    /// <summary>The running cluster.</summary>
    public IKafkaTestCluster Cluster => _cluster ?? throw new InvalidOperationException($"The {Backend} cluster is not running.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (KafkaTestClusters.UnavailableReason(Backend) is not null)
            return;
        _cluster = await KafkaTestClusters.StartAsync(Backend, brokerCount);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
            await _cluster.DisposeAsync();
    }
}
