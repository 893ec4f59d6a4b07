using Sluice.Protocol.Messages;

namespace Sluice.Cluster;

/// <summary>What the cluster looked like at one Metadata answer. Immutable.</summary>
public sealed record MetadataSnapshot(
    IReadOnlyDictionary<int, BrokerNode> Brokers,
    IReadOnlyDictionary<string, TopicInfo> Topics,
    int ControllerId,
    string? ClusterId)
{
    /// <summary>Nothing known yet.</summary>
    public static MetadataSnapshot Empty { get; } = new(new Dictionary<int, BrokerNode>(), new Dictionary<string, TopicInfo>(), -1, null);

    /// <summary>The broker leading a partition, or null when the partition or its leader is unknown.</summary>
    public BrokerNode? LeaderOf(string topic, int partition)
    {
        if (!Topics.TryGetValue(topic, out var info))
            return null;
        var p = info.Partitions.FirstOrDefault(x => x.Partition == partition);
        return p is not null && Brokers.TryGetValue(p.Leader, out var leader) ? leader : null;
    }

    /// <summary>
    /// This snapshot updated with a Metadata answer: brokers are replaced; topics the answer describes are
    /// replaced; when the answer covers every topic, topics it does not name are gone.
    /// </summary>
    public MetadataSnapshot Apply(MetadataResponse response, bool coversAllTopics)
    {
        // A broker listed twice (a broker re-registering mid-answer) is taken at its last entry.
        var brokers = new Dictionary<int, BrokerNode>();
        foreach (var b in response.Brokers)
            brokers[b.NodeId] = new BrokerNode(b.NodeId, new Network.BrokerEndpoint(b.Host, b.Port), b.Rack);
        var topics = coversAllTopics ? new Dictionary<string, TopicInfo>() : new Dictionary<string, TopicInfo>(Topics);
        foreach (var topic in response.Topics)
        {
            if (topic.Name is null)
                continue;
            var partitions = topic.Partitions
                .OrderBy(p => p.Partition)
                .Select(p => new PartitionInfo(p.Partition, p.Leader, p.LeaderEpoch, p.Error, p.Replicas, p.Isr))
                .ToList();
            topics[topic.Name] = new TopicInfo(topic.Name, topic.Error, topic.IsInternal, partitions, topic.TopicId);
        }

        return new MetadataSnapshot(brokers, topics, response.ControllerId, response.ClusterId ?? ClusterId);
    }
}
