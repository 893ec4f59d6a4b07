using Sluice.Cluster;
using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.TestKit.Mock;
using Xunit;

namespace Sluice.IntegrationTests.Connections;

/// <summary>
/// Connection behaviour under injected faults. Each test gets its own mock cluster, since the faults (a broker
/// down, added latency) would disturb any test sharing it.
/// </summary>
public sealed class MockClusterFaultTests : IAsyncLifetime
{
    private MockCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await MockCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Three_brokers_spread_the_leaders_of_a_topic()
    {
        await _cluster.CreateTopicAsync("spread", partitions: 6);
        await using var metadata = ClusterMetadata.Create(_cluster.BootstrapServers);

        var snapshot = await metadata.RefreshAsync(["spread"]);

        Assert.Equal([1, 2, 3], snapshot.Brokers.Keys.Order());
        Assert.Equal([1, 2, 3], snapshot.Topics["spread"].Partitions.Select(p => p.Leader).Distinct().Order());
    }

    [Fact]
    public async Task A_moved_leader_shows_in_the_next_refresh()
    {
        await _cluster.CreateTopicAsync("moving", partitions: 2);
        await using var metadata = ClusterMetadata.Create(_cluster.BootstrapServers);
        var before = (await metadata.RefreshAsync(["moving"])).LeaderOf("moving", 0)!.Id;
        var target = before % 3 + 1;

        await _cluster.SetPartitionLeaderAsync("moving", 0, target);
        var after = await metadata.RefreshAsync(["moving"]);

        Assert.Equal(target, after.LeaderOf("moving", 0)!.Id);
        Assert.True(after.Topics["moving"].Partitions[0].LeaderEpoch > 0);
    }

    [Fact]
    public async Task Broker_set_down_fails_its_in_flight_requests_and_a_reconnect_succeeds_once_it_is_back()
    {
        await using var metadata = ClusterMetadata.Create(_cluster.BootstrapServers);
        await metadata.RefreshAsync();
        var connection = await metadata.ConnectionToAsync(1);
        await _cluster.SetBrokerRttAsync(1, TimeSpan.FromSeconds(5));

        // Held back by the added latency, these are in flight when the broker goes down.
        var inFlight = Enumerable.Range(0, 5).Select(_ => connection.SendAsync(new MetadataRequest(null))).ToList();
        await _cluster.SetBrokerDownAsync(1);

        foreach (var request in inFlight)
            await Assert.ThrowsAsync<KafkaConnectionException>(() => request);
        Assert.False(connection.IsConnected);
        await Assert.ThrowsAsync<KafkaConnectionException>(() => metadata.ConnectionToAsync(1));

        await _cluster.SetBrokerRttAsync(1, TimeSpan.Zero);
        await _cluster.SetBrokerUpAsync(1);
        var reconnected = await metadata.ConnectionToAsync(1);
        var answer = await reconnected.SendAsync(new MetadataRequest(null));

        Assert.NotSame(connection, reconnected);
        Assert.Equal(3, answer.Brokers.Count);
    }

    [Fact]
    public async Task A_request_delayed_past_its_timeout_times_out_and_fails_the_requests_behind_it()
    {
        await using var metadata = ClusterMetadata.Create(_cluster.BootstrapServers);
        var connection = await SlowConnectionAsync(metadata);

        var timedOut = connection.SendAsync(new MetadataRequest(null), timeout: TimeSpan.FromMilliseconds(300));
        var behind = connection.SendAsync(new MetadataRequest(null), timeout: TimeSpan.FromSeconds(30));

        var timeout = await Assert.ThrowsAsync<KafkaRequestTimeoutException>(() => timedOut);
        Assert.Equal(TimeSpan.FromMilliseconds(300), timeout.Timeout);
        Assert.Matches(@"got no response within 300 ms \(the broker last sent bytes \d+ ms ago; no answer owed ahead of it\)", timeout.Message);
        var closed = await Assert.ThrowsAsync<KafkaConnectionException>(() => behind);
        Assert.IsNotType<KafkaRequestTimeoutException>(closed);
        Assert.False(connection.IsConnected);
    }

    [Fact]
    public async Task A_request_that_times_out_behind_an_unanswered_one_names_the_answer_owed_ahead_of_it()
    {
        await using var metadata = ClusterMetadata.Create(_cluster.BootstrapServers);
        var connection = await SlowConnectionAsync(metadata);

        var ahead = connection.SendAsync(new MetadataRequest(null), timeout: TimeSpan.FromSeconds(30));
        var late = connection.SendAsync(new MetadataRequest(null), timeout: TimeSpan.FromMilliseconds(300));

        var timeout = await Assert.ThrowsAsync<KafkaRequestTimeoutException>(() => late);
        Assert.Matches(@"\(the broker last sent bytes \d+ ms ago; answers owed ahead of it: Metadata v\d+ \(correlation id \d+\), sent \d+ ms ago\)", timeout.Message);
        await Assert.ThrowsAsync<KafkaConnectionException>(() => ahead);
    }

    [Fact]
    public async Task Requests_beyond_the_in_flight_bound_wait_their_turn_and_all_complete()
    {
        var settings = ConnectionSettings.Default.WithMaxInFlightRequests(2);
        await _cluster.SetBrokerRttAsync(1, TimeSpan.FromMilliseconds(20));
        await using var connection = await BrokerConnection.ConnectAsync(BrokerEndpoint.ParseList(_cluster.BootstrapServers)[0], settings);

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => connection.SendAsync(new MetadataRequest(null))));

        Assert.All(answers, a => Assert.Equal(3, a.Brokers.Count));
    }

    [Fact]
    public async Task Every_metadata_version_from_0_to_13_round_trips_with_the_broker()
    {
        await _cluster.CreateTopicAsync("versions", partitions: 3);
        var endpoint = BrokerEndpoint.ParseList(_cluster.BootstrapServers)[0];

        for (short version = 0; version <= 13; version++)
        {
            var capped = ConnectionSettings.Default.WithMaxVersion(ApiKey.Metadata, version);
            await using var connection = await BrokerConnection.ConnectAsync(endpoint, capped);
            Assert.Equal(version, connection.Versions.Pick(new MetadataRequest(null), endpoint, capped.MaxVersions));

            var answer = await connection.SendAsync(new MetadataRequest(["versions"]));

            Assert.Equal(3, answer.Brokers.Count);
            var topic = Assert.Single(answer.Topics);
            Assert.Equal("versions", topic.Name);
            Assert.Equal(3, topic.Partitions.Count);
            Assert.Equal(version >= 2, answer.ClusterId is not null);
            Assert.Equal(version >= 7, topic.Partitions.All(p => p.LeaderEpoch >= 0));
        }
    }

    [Fact]
    public async Task The_fixture_caps_the_group_versions_the_mock_advertises_but_cannot_parse()
    {
        await using var connection = await BrokerConnection.ConnectAsync(BrokerEndpoint.ParseList(_cluster.BootstrapServers)[0]);

        Assert.Equal(5, connection.Versions[ApiKey.JoinGroup]!.Value.Max);
        Assert.Equal(3, connection.Versions[ApiKey.SyncGroup]!.Value.Max);
        Assert.Equal(2, connection.Versions[ApiKey.LeaveGroup]!.Value.Max);
        Assert.Equal(2, connection.Versions[ApiKey.ApiVersions]!.Value.Max);
    }

    [Fact]
    public async Task A_slow_broker_that_does_not_know_the_legacy_probe_is_still_recognised_as_modern()
    {
        // Past the probe delay the client sends ListGroups v0 behind ApiVersions; the mock has no ListGroups and
        // closes the connection on it. The client must not take that for Kafka 0.9, nor fail.
        await _cluster.SetBrokerRttAsync(1, TimeSpan.FromMilliseconds(600));

        await using var connection = await BrokerConnection.ConnectAsync(BrokerEndpoint.ParseList(_cluster.BootstrapServers)[0]);

        Assert.False(connection.Versions.IsLegacy);
        Assert.Equal(3, (await connection.SendAsync(new MetadataRequest(null))).Brokers.Count);
    }

    [Fact]
    public async Task ApiVersions_above_what_the_broker_speaks_is_retried_at_a_version_it_accepts()
    {
        // Uncapped, the mock advertises ApiVersions v0-v2 and answers v3/v4 with UNSUPPORTED_VERSION and a
        // body it writes wrongly: the client must still get through.
        await using var uncapped = await MockCluster.StartAsync(MockClusterOptions.Default.WithBrokerCount(1).WithCapUnparsableVersions(false));

        await using var connection = await BrokerConnection.ConnectAsync(BrokerEndpoint.ParseList(uncapped.BootstrapServers)[0]);

        Assert.False(connection.Versions.IsLegacy);
        Assert.Equal(new VersionRange(0, 2), connection.Versions[ApiKey.ApiVersions]);
        Assert.NotNull((await connection.SendAsync(new MetadataRequest(null))).ClusterId);
    }

    // A connection to broker 2, which then answers every request 3 s late.
    private async Task<BrokerConnection> SlowConnectionAsync(ClusterMetadata metadata)
    {
        await metadata.RefreshAsync();
        var connection = await metadata.ConnectionToAsync(2);
        await _cluster.SetBrokerRttAsync(2, TimeSpan.FromSeconds(3));
        return connection;
    }
}
