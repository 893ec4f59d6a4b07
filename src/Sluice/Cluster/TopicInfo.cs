using Sluice.Protocol;

namespace Sluice.Cluster;

/// <summary>A topic as last seen, with its partitions ordered by number; <see cref="TopicId"/> is empty before Kafka 2.8 (Metadata v10).</summary>
public sealed record TopicInfo(string Name, ErrorCode Error, bool IsInternal, IReadOnlyList<PartitionInfo> Partitions, Guid TopicId = default)
{
    /// <summary>True when the topic exists and every partition has a leader.</summary>
    public bool IsFullyLed => Error == ErrorCode.None && Partitions.Count > 0 && Partitions.All(p => p.Leader >= 0);
}
