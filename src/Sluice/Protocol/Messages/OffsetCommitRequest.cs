namespace Sluice.Protocol.Messages;

/// <summary>
/// Commits a group's offsets. v0 stores them in ZooKeeper; v1 and later in Kafka, fenced by the member's generation
/// (from v9 a KIP-848 member epoch may take its place). Kafka 0.9 supports v0-v2 and takes v2.
/// </summary>
public sealed class OffsetCommitRequest : IKafkaRequest<OffsetCommitResponse>
{
    /// <summary>The versions Sluice implements: v0 to v9 (KIP-848 member epochs). v10 only switches to topic ids.</summary>
    public static readonly VersionRange Supported = new(0, 9);

    // v1 added GenerationIdOrMemberEpoch and MemberId.
    private const short FirstMembershipVersion = 1;

    // Static membership (KIP-345) added GroupInstanceId in v7.
    private const short FirstInstanceIdVersion = 7;

    private readonly string _narrowedBecause = "";

    /// <summary>Creates the request.</summary>
    /// <param name="groupId">The group whose offsets these are.</param>
    /// <param name="topics">The offsets per topic and partition.</param>
    /// <param name="generationIdOrMemberEpoch">
    /// The member's generation (v1+), or -1 with an empty <paramref name="memberId"/> for a commit outside any membership.
    /// Membership needs v1+: v0 cannot carry it.
    /// </param>
    /// <param name="memberId">The member's id (v1+), or empty.</param>
    /// <param name="groupInstanceId">A static member's instance id (KIP-345); setting it needs v7+.</param>
    /// <exception cref="ArgumentException">A topic or partition is null, or a name or metadata is null.</exception>
    public OffsetCommitRequest(
        string groupId,
        IReadOnlyList<OffsetCommitTopic> topics,
        int generationIdOrMemberEpoch = -1,
        string memberId = "",
        string? groupInstanceId = null)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentNullException.ThrowIfNull(memberId);
        for (var t = 0; t < topics.Count; t++)
        {
            var topic = topics[t] ?? throw new ArgumentException($"Topic {t} is null.", nameof(topics));
            if (topic.Name is null || topic.Partitions is null)
                throw new ArgumentException($"Topic {t} has no name or no partition list.", nameof(topics));
            for (var p = 0; p < topic.Partitions.Count; p++)
            {
                var partition = topic.Partitions[p] ?? throw new ArgumentException($"Partition {p} of {topic.Name} is null.", nameof(topics));
                if (partition.Metadata is null)
                    throw new ArgumentException($"Partition {topic.Name}-{partition.Partition} has null metadata; use an empty string.", nameof(topics));
            }
        }

        GroupId = groupId;
        Topics = topics;
        GenerationIdOrMemberEpoch = generationIdOrMemberEpoch;
        MemberId = memberId;
        GroupInstanceId = groupInstanceId;

        // Dropping the generation or instance id on an older broker would commit without the fencing the caller asked for.
        var min = Supported.Min;
        if (generationIdOrMemberEpoch != -1 || memberId.Length > 0)
        {
            min = FirstMembershipVersion;
            _narrowedBecause = ": a generation and member id need v1+";
        }

        if (groupInstanceId is not null)
        {
            min = FirstInstanceIdVersion;
            _narrowedBecause = ": a group instance id (static membership) needs v7+";
        }

        Versions = new VersionRange(min, Supported.Max);
    }

    /// <summary>The group whose offsets these are.</summary>
    public string GroupId { get; }

    /// <summary>The offsets per topic and partition.</summary>
    public IReadOnlyList<OffsetCommitTopic> Topics { get; }

    /// <summary>The member's generation or KIP-848 member epoch, or -1.</summary>
    public int GenerationIdOrMemberEpoch { get; }

    /// <summary>The member's id, or empty.</summary>
    public string MemberId { get; }

    /// <summary>A static member's instance id, or null.</summary>
    public string? GroupInstanceId { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.OffsetCommit;

    /// <inheritdoc />
    public VersionRange Versions { get; }

    /// <inheritdoc />
    public short FirstFlexibleVersion => 8;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is outside <see cref="Versions"/>.</exception>
    public void WriteBody(KafkaWriter writer, short version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!Versions.Contains(version))
            throw new ArgumentOutOfRangeException(nameof(version), version, $"This OffsetCommit request can be written at {Versions} only{_narrowedBecause}.");

        var flexible = version >= FirstFlexibleVersion;
        writer.WriteString(GroupId, flexible);
        if (version >= FirstMembershipVersion)
        {
            writer.WriteInt32(GenerationIdOrMemberEpoch);
            writer.WriteString(MemberId, flexible);
        }

        if (version >= FirstInstanceIdVersion)
            writer.WriteNullableString(GroupInstanceId, flexible);
        // RetentionTimeMs -1: the broker's offsets.retention.minutes (v2-v4; v5 left retention to the broker alone).
        if (version is >= 2 and <= 4)
            writer.WriteInt64(-1);

        writer.WriteArrayLength(Topics.Count, flexible);
        foreach (var topic in Topics)
        {
            writer.WriteString(topic.Name, flexible);
            writer.WriteArrayLength(topic.Partitions.Count, flexible);
            foreach (var partition in topic.Partitions)
            {
                writer.WriteInt32(partition.Partition);
                writer.WriteInt64(partition.Offset);
                if (version >= 6)
                    writer.WriteInt32(partition.LeaderEpoch);
                // CommitTimestamp -1 (v1 only): the broker stamps the commit with its own clock.
                if (version == 1)
                    writer.WriteInt64(-1);
                writer.WriteNullableString(partition.Metadata, flexible);
                if (flexible)
                    writer.WriteEmptyTaggedFields();
            }

            if (flexible)
                writer.WriteEmptyTaggedFields();
        }

        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public OffsetCommitResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var throttle = version >= 3 ? reader.ReadInt32() : 0;
        var topicCount = reader.ReadNonNullArrayLength(flexible);
        var topics = new List<OffsetCommitTopicResponse>(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            var name = reader.ReadString(flexible);
            var partitionCount = reader.ReadNonNullArrayLength(flexible);
            var partitions = new List<OffsetCommitPartitionResponse>(partitionCount);
            for (var p = 0; p < partitionCount; p++)
            {
                var index = reader.ReadInt32();
                var error = (ErrorCode)reader.ReadInt16();
                if (flexible)
                    reader.SkipTaggedFields();
                partitions.Add(new OffsetCommitPartitionResponse(index, error));
            }

            if (flexible)
                reader.SkipTaggedFields();
            topics.Add(new OffsetCommitTopicResponse(name, partitions));
        }

        if (flexible)
            reader.SkipTaggedFields();
        return new OffsetCommitResponse(throttle, topics);
    }
}
