using Sluice.Cluster;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.TestKit;
using Xunit;

namespace Sluice.IntegrationTests.Connections;

/// <summary>Connection and metadata scenarios that every broker backend must pass.</summary>
public abstract class BrokerConnectionScenarios(IKafkaTestCluster cluster)
{
    /// <summary>The Metadata version the backend's broker and Sluice agree on.</summary>
    protected abstract short ExpectedMetadataVersion { get; }

    /// <summary>The cluster under test.</summary>
    protected IKafkaTestCluster Cluster { get; } = cluster;

    [ScenarioFact]
    public async Task Connection_negotiates_the_highest_version_both_sides_support()
    {
        await using var connection = await ConnectToFirstBrokerAsync();

        var metadata = connection.Versions.Pick(new MetadataRequest(null), connection.Endpoint);
        Assert.Equal(ExpectedMetadataVersion, metadata);
        Assert.True(connection.Versions[ApiKey.Metadata]!.Value.Contains(metadata));
        Assert.Equal(Cluster.Backend == TestBrokerBackend.LegacyKafka, connection.Versions.IsLegacy);
    }

    [ScenarioFact]
    public async Task Metadata_lists_every_broker_and_every_partition_of_a_created_topic()
    {
        var topic = UniqueTopic();
        await Cluster.CreateTopicAsync(topic, partitions: 6);
        await using var metadata = Cluster.OpenMetadata();

        var snapshot = await metadata.RefreshAsync([topic]);

        Assert.Equal(Cluster.BrokerCount, snapshot.Brokers.Count);
        var info = snapshot.Topics[topic];
        Assert.Equal(ErrorCode.None, info.Error);
        Assert.Equal(Enumerable.Range(0, 6), info.Partitions.Select(p => p.Partition));
        Assert.All(info.Partitions, p => Assert.Contains(p.Leader, snapshot.Brokers.Keys));
    }

    [ScenarioFact]
    public async Task Pipelined_requests_on_one_connection_each_get_their_own_answer()
    {
        var topics = Enumerable.Range(0, 40).Select(_ => UniqueTopic()).ToList();
        await using var connection = await ConnectToFirstBrokerAsync();

        // Each request names a different topic, so an answer delivered to the wrong caller shows.
        var answers = await Task.WhenAll(topics.Select(t => connection.SendAsync(new MetadataRequest([t]))));

        for (var i = 0; i < topics.Count; i++)
            Assert.Equal(topics[i], Assert.Single(answers[i].Topics).Name);
    }

    [ScenarioFact]
    public async Task A_closed_connection_fails_new_requests_with_a_typed_exception()
    {
        var connection = await ConnectToFirstBrokerAsync();
        await connection.DisposeAsync();

        Assert.False(connection.IsConnected);
        await Assert.ThrowsAsync<KafkaConnectionException>(() => connection.SendAsync(new MetadataRequest(null)));
    }

    [ScenarioFact]
    public async Task Socket_buffer_sizes_from_the_settings_are_set_on_the_connection()
    {
        var settings = ConnectionSettings.Default.WithReceiveBufferBytes(48 * 1024).WithSendBufferBytes(24 * 1024);
        await using var connection = await ConnectToFirstBrokerAsync(settings);

        // Linux reports twice the size asked (the kernel's bookkeeping share); the system's own starting sizes
        // (128 KiB and 16 KiB by default) lie outside both ranges.
        var (receive, send) = connection.SocketBufferSizes;
        Assert.InRange(receive, 48 * 1024, 96 * 1024);
        Assert.InRange(send, 24 * 1024, 48 * 1024);
        Assert.NotEmpty((await connection.SendAsync(new MetadataRequest(null))).Brokers);
    }

    /// <summary>Connects to the first bootstrap broker with default settings.</summary>
    protected Task<BrokerConnection> ConnectToFirstBrokerAsync(ConnectionSettings? settings = null) =>
        BrokerConnection.ConnectAsync(BrokerEndpoint.ParseList(Cluster.BootstrapServers)[0], settings);

    /// <summary>A topic name no other test uses.</summary>
    protected static string UniqueTopic() => $"t-{Guid.NewGuid():N}"[..20];
}

/// <summary>The connection scenarios on librdkafka's mock cluster.</summary>
[Collection(MockClusterCollection.Name)]
[RunsOn(TestBrokerBackend.MockCluster)]
public sealed class BrokerConnectionOnMockCluster(MockClusterFixture fixture) : BrokerConnectionScenarios(fixture.Cluster)
{
    /// <inheritdoc />
    protected override short ExpectedMetadataVersion => 13;
}

/// <summary>The connection scenarios on Apache Kafka 0.9.0.1.</summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class BrokerConnectionOnLegacyKafka(LegacyKafkaFixture fixture) : BrokerConnectionScenarios(fixture.Cluster)
{
    /// <inheritdoc />
    protected override short ExpectedMetadataVersion => 0;
}

/// <summary>The connection scenarios on a current Apache Kafka in Docker.</summary>
[Collection(TestcontainersCollection.Name)]
[RunsOn(TestBrokerBackend.Testcontainers)]
public sealed class BrokerConnectionOnTestcontainers(TestcontainersFixture fixture) : BrokerConnectionScenarios(fixture.Cluster)
{
    /// <inheritdoc />
    protected override short ExpectedMetadataVersion => 13;
}
