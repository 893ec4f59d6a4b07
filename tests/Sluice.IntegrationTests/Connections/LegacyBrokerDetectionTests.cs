using Akka.Actor;
using Sluice.Cluster;
using Sluice.Group;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.Settings;
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
    public async Task A_request_kafka_09_skipped_fails_as_soon_as_a_later_one_is_answered_not_at_its_timeout()
    {
        // Kafka 0.9 reads an ApiVersions, cannot parse it, and never answers; the Metadata written after it is
        // answered, and since a broker answers a connection in order, the ApiVersions will not be: it fails then,
        // not after its five minutes. (0.9 also drops what it read in the same pass as the ApiVersions; should that
        // take the Metadata too, the attempt ends at the Metadata's own timeout and another is made.)
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await BrokerConnection.ConnectAsync(Endpoint, ConnectionSettings.Default.WithApiVersionsRequest(false));
            var skipped = connection.SendAtAsync(new ApiVersionsRequest(), 0, TimeSpan.FromMinutes(5), CancellationToken.None);
            var later = connection.SendAtAsync(new MetadataRequest(null), 0, TimeSpan.FromSeconds(5), CancellationToken.None);
            try
            {
                Assert.NotEmpty((await later).Brokers);
            }
            catch (KafkaRequestTimeoutException) when (attempt < 5)
            {
                continue;
            }

            var error = await Assert.ThrowsAsync<KafkaConnectionException>(() => skipped.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Contains("ApiVersions v0", error.Message);
            Assert.Contains("answered Metadata v0", error.Message);
            await connection.Closed.WaitAsync(TimeSpan.FromSeconds(10));
            return;
        }
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
        Assert.True(first.AskedForVersions);
        Assert.False(second.AskedForVersions);
        Assert.True(second.Versions.IsLegacy);
        Assert.NotEmpty((await second.SendAsync(new MetadataRequest(null))).Brokers);
    }

    // 0.9.0.1's network thread fails on the unknown ApiVersions key and drops the other requests it read in the same
    // pass, whichever connection sent them: one member connecting could cost another member its Metadata answer.
    [ScenarioFact]
    public async Task The_consumers_of_one_actor_system_probe_a_09_broker_once_since_a_probe_can_cost_other_connections_their_requests()
    {
        using var system = ActorSystem.Create("legacy-probe");
        var settings = ConsumerSettings.Default.WithBootstrapServers(fixture.Cluster.BootstrapServers).WithGroupId("legacy-probe").WithTopics("unused");
        await using var member = ConsumerMember.Create(system, settings, callback: null, customAssignors: null, "probe");
        var probing = await member.Metadata.ConnectionToAsync(Endpoint);

        await using var second = ConsumerMember.Create(system, settings, callback: null, customAssignors: null, "probe");
        var control = await second.Metadata.ConnectionToAsync(Endpoint);
        await using var lane = await second.Metadata.OpenDedicatedConnectionAsync(Endpoint);

        Assert.True(probing.AskedForVersions);
        Assert.False(control.AskedForVersions);
        Assert.False(lane.AskedForVersions);
        Assert.True(lane.Versions.IsLegacy);
        Assert.NotEmpty((await lane.SendAsync(new MetadataRequest(null))).Brokers);
    }

    [ScenarioFact]
    public async Task Cluster_views_made_outside_an_actor_system_each_find_out_for_themselves()
    {
        await using var first = ClusterMetadata.Create(fixture.Cluster.BootstrapServers);
        await using var second = ClusterMetadata.Create(fixture.Cluster.BootstrapServers);

        var probed = await first.ConnectionToAsync(Endpoint);
        var probedAgain = await second.ConnectionToAsync(Endpoint);

        Assert.True(probed.AskedForVersions);
        Assert.True(probedAgain.AskedForVersions);
        Assert.True(probedAgain.Versions.IsLegacy);
    }
}
