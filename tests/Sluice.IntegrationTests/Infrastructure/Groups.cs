using System.Text;
using Sluice.Cluster;
using Sluice.Group;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;
using Sluice.Settings;
using Sluice.TestKit;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>Fresh groups, records to read and committed offsets, for scenarios on any backend.</summary>
public static class Groups
{
    /// <summary>Settings for a fresh group on a fresh topic: short heartbeats and timeouts so scenarios run fast.</summary>
    public static async Task<(string Topic, ConsumerSettings Settings)> NewGroupAsync(IKafkaTestCluster cluster, int partitions)
    {
        var topic = $"g-{Guid.NewGuid():N}"[..20];
        await cluster.CreateTopicAsync(topic, partitions);
        var settings = ConsumerSettings.Default.WithBootstrapServers(cluster.BootstrapServers).WithGroupId($"group-{topic}").WithTopics(topic) with
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(300),
            SessionTimeout = TimeSpan.FromSeconds(6),
            RebalanceTimeout = TimeSpan.FromSeconds(6),
            RebalanceBackoff = TimeSpan.FromMilliseconds(200),
            FetchWaitMax = TimeSpan.FromMilliseconds(50),
            OffsetsChannelBackoff = TimeSpan.FromMilliseconds(100),
        };
        return (topic, settings);
    }

    /// <summary>Produces <paramref name="perPartition"/> records to each partition with Sluice's writer; values read
    /// <c>partition/index</c>.</summary>
    public static async Task ProduceAsync(IKafkaTestCluster cluster, string topic, int partitions, int perPartition, int firstIndex)
    {
        await using var metadata = cluster.OpenMetadata();
        var batch = Enumerable.Range(0, partitions).ToDictionary(p => p, p => (IReadOnlyList<ProduceRecord>)Enumerable.Range(firstIndex, perPartition)
            .Select(i => new ProduceRecord(null, Encoding.UTF8.GetBytes($"{p}/{i}"), 0)).ToList());
        await TestProducer.ProduceAsync(metadata, topic, batch, CompressionCodec.None);
    }

    /// <summary>The offset a group has committed for a partition, read straight from its coordinator (-1: none).</summary>
    public static async Task<long> CommittedOffsetAsync(ClusterMetadata metadata, string groupId, TopicPartition partition)
    {
        var coordinator = await CoordinatorAsync(metadata, groupId);
        var answer = await coordinator.SendAsync(new OffsetFetchRequest(groupId, [new(partition.Topic, [partition.Partition])]));
        return answer.Topics.SelectMany(t => t.Partitions).Single().Offset;
    }

    /// <summary>
    /// Whether the group's coordinator still lists a member. DescribeGroups says so directly; librdkafka's mock has
    /// none, and there a heartbeat in the member's name, refused with UNKNOWN_MEMBER_ID once it has left, tells.
    /// (Kafka answers such a heartbeat REBALANCE_IN_PROGRESS while the group rebalances, whoever sent it.)
    /// </summary>
    public static async Task<bool> KnowsMemberAsync(IKafkaTestCluster cluster, string groupId, MemberStatus member)
    {
        await using var metadata = cluster.OpenMetadata();
        var coordinator = await CoordinatorAsync(metadata, groupId);
        try
        {
            var described = await coordinator.SendAsync(new DescribeGroupsRequest([groupId]));
            return described.Groups.Single().Members.Any(m => m.MemberId == member.MemberId);
        }
        catch (Network.UnsupportedVersionException)
        {
            var answer = await coordinator.SendAsync(new HeartbeatRequest(groupId, member.GenerationId, member.MemberId));
            return answer.Error != Protocol.ErrorCode.UnknownMemberId;
        }
    }

    private static async Task<Network.BrokerConnection> CoordinatorAsync(ClusterMetadata metadata, string groupId)
    {
        await metadata.RefreshAsync([]);
        foreach (var broker in metadata.Current.Brokers.Values)
        {
            var connection = await metadata.ConnectionToAsync(broker.Id);
            var coordinator = (await connection.SendAsync(new FindCoordinatorRequest(groupId))).For(groupId);
            if (coordinator is null || coordinator.Error != Protocol.ErrorCode.None)
                continue;
            return await metadata.ConnectionToAsync(new Network.BrokerEndpoint(coordinator.Host, coordinator.Port));
        }

        throw new InvalidOperationException($"No coordinator for {groupId}.");
    }
}
