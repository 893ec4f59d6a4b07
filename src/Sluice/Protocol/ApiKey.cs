namespace Sluice.Protocol;

/// <summary>The request types of the Kafka protocol that Sluice knows by number.</summary>
public enum ApiKey : short
{
    /// <summary>Appends records to partitions.</summary>
    Produce = 0,

    /// <summary>Reads records from partitions.</summary>
    Fetch = 1,

    /// <summary>Looks up offsets by time (earliest, latest, timestamp).</summary>
    ListOffsets = 2,

    /// <summary>Brokers, topics, partitions and their leaders.</summary>
    Metadata = 3,

    /// <summary>Stores a group's consumed offsets.</summary>
    OffsetCommit = 8,

    /// <summary>Reads a group's committed offsets.</summary>
    OffsetFetch = 9,

    /// <summary>Finds a group's coordinator (GroupCoordinator in Kafka 0.9).</summary>
    FindCoordinator = 10,

    /// <summary>Joins a consumer group.</summary>
    JoinGroup = 11,

    /// <summary>Keeps a group membership alive.</summary>
    Heartbeat = 12,

    /// <summary>Leaves a consumer group.</summary>
    LeaveGroup = 13,

    /// <summary>Distributes the leader's assignment to the group.</summary>
    SyncGroup = 14,

    /// <summary>Describes groups' state and members.</summary>
    DescribeGroups = 15,

    /// <summary>Lists the groups a broker coordinates.</summary>
    ListGroups = 16,

    /// <summary>Starts SASL authentication.</summary>
    SaslHandshake = 17,

    /// <summary>Asks which versions of each request the broker accepts (Kafka 0.10+).</summary>
    ApiVersions = 18,
}
