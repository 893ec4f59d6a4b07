using Sluice.Cluster;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.TestKit;
using Xunit;

namespace Sluice.IntegrationTests.Connections;

/// <summary>
/// Kafka 0.9 predates ApiVersions: it neither answers that request nor closes the socket. Sluice must tell it
/// apart and speak 0.9's fixed versions, without the user saying so.
/// </summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class LegacyBrokerDetectionTests(LegacyKafkaFixture fixture)
{
    private BrokerEndpoint Endpoint => BrokerEndpoint.ParseList(fixture.Cluster.BootstrapServers)[0];

    [ScenarioFact]
    public async Task Kafka_09_is_recognised_at_connect_and_served_with_its_fixed_version_table()
    {
        await using var connection = await BrokerConnection.ConnectAsync(Endpoint);

        Assert.True(connection.Versions.IsLegacy);
        Assert.Null(connection.Versions[ApiKey.ApiVersions]);
        var groups = await connection.SendAsync(new ListGroupsRequest());
        Assert.Equal(ErrorCode.None, groups.Error);
        var metadata = await connection.SendAsync(new MetadataRequest(null));
        Assert.Equal(1, Assert.Single(metadata.Brokers).NodeId);
    }

    [ScenarioFact]
    public async Task The_unanswered_ApiVersions_does_not_later_time_out_the_connection()
    {
        var settings = ConnectionSettings.Default with { ApiVersionsTimeout = TimeSpan.FromSeconds(1) };
        await using var connection = await BrokerConnection.ConnectAsync(Endpoint, settings);

        // A stale timer for the skipped ApiVersions would close the connection once the handshake timeout passed.
        var closedEarly = await Task.WhenAny(connection.Closed, Task.Delay(TimeSpan.FromSeconds(2))) == connection.Closed;

        Assert.False(closedEarly);
        Assert.NotEmpty((await connection.SendAsync(new MetadataRequest(null))).Brokers);
    }

    [ScenarioFact]
    public async Task Explicit_legacy_mode_skips_the_version_handshake()
    {
        await using var connection = await BrokerConnection.ConnectAsync(Endpoint, ConnectionSettings.Default.WithApiVersionsRequest(false));

        Assert.True(connection.Versions.IsLegacy);
        Assert.NotEmpty((await connection.SendAsync(new MetadataRequest(null))).Brokers);
    }

    [ScenarioFact]
    public async Task Without_legacy_fallback_the_handshake_with_kafka_09_fails_with_a_timeout()
    {
        var settings = ConnectionSettings.Default with { LegacyBrokerFallback = false, ApiVersionsTimeout = TimeSpan.FromMilliseconds(500) };

        var failure = await Assert.ThrowsAsync<KafkaRequestTimeoutException>(() => BrokerConnection.ConnectAsync(Endpoint, settings));

        Assert.Contains("ApiVersions", failure.Message);
    }

    [ScenarioFact]
    public async Task Cluster_metadata_reconnects_to_a_known_09_broker_without_probing_again()
    {
        await using var metadata = ClusterMetadata.Create(fixture.Cluster.BootstrapServers);
        await metadata.RefreshAsync();
        var first = await metadata.ConnectionToAsync(1);
        await first.DisposeAsync();

        var second = await metadata.ConnectionToAsync(1);

        Assert.NotSame(first, second);
        Assert.True(second.Versions.IsLegacy);
        Assert.NotEmpty((await second.SendAsync(new MetadataRequest(null))).Brokers);
    }
}
