namespace Sluice.Protocol.Messages;

/// <summary>
/// Reads one group's committed offsets. v0 reads ZooKeeper, v1 and later Kafka's offsets topic (Kafka 0.9 takes v1);
/// from v8 the request batches groups, here always the one group, and the response is narrowed back to it.
/// </summary>
public sealed class OffsetFetchRequest : IKafkaRequest<OffsetFetchResponse>
{
    /// <summary>The versions Sluice implements: v0 to v9 (KIP-848 member epochs). v10 only switches to topic ids.</summary>
    public static readonly VersionRange Supported = new(0, 9);

    // v2 made the topic array nullable (null = every committed partition) and added the top-level error.
    private const short FirstAllTopicsVersion = 2;

    // v8 replaced GroupId and Topics with the Groups batch (KIP-709).
    private const short FirstBatchedVersion = 8;

    // v9 added the member id and epoch a KIP-848 member is checked by.
    private const short FirstMemberVersion = 9;

    private readonly string _narrowedBecause = "";

    /// <summary>Creates the request.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="topics">The partitions to read per topic; null reads every partition the group has committed, which needs v2+.</param>
    /// <param name="requireStable">
    /// Answer UnstableOffsetCommit for partitions with a pending transactional commit instead of the offset before it
    /// (v7+, KIP-447). Older versions leave the flag out, as the Java consumer does.
    /// </param>
    /// <param name="memberId">A KIP-848 member's id (v9+), or null; setting it or <paramref name="memberEpoch"/> needs v9+.</param>
    /// <param name="memberEpoch">A KIP-848 member's epoch (v9+), or -1.</param>
    /// <exception cref="ArgumentException">A topic is null or has no name or no partition list.</exception>
    public OffsetFetchRequest(
        string groupId,
        IReadOnlyList<OffsetFetchTopic>? topics,
        bool requireStable = false,
        string? memberId = null,
        int memberEpoch = -1)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        if (topics is not null)
        {
            for (var t = 0; t < topics.Count; t++)
            {
                var topic = topics[t] ?? throw new ArgumentException($"Topic {t} is null.", nameof(topics));
                if (topic.Name is null || topic.Partitions is null)
                    throw new ArgumentException($"Topic {t} has no name or no partition list.", nameof(topics));
            }
        }

        GroupId = groupId;
        Topics = topics;
        RequireStable = requireStable;
        MemberId = memberId;
        MemberEpoch = memberEpoch;

        var min = Supported.Min;
        if (topics is null)
        {
            min = FirstAllTopicsVersion;
            _narrowedBecause = ": asking for every topic (null) needs v2+";
        }

        // A KIP-848 member's fetch is checked against its epoch; without it a fenced member would read as if current.
        if (memberId is not null || memberEpoch != -1)
        {
            min = FirstMemberVersion;
            _narrowedBecause = ": a member id or epoch (KIP-848) needs v9+";
        }

        Versions = new VersionRange(min, Supported.Max);
    }

    /// <summary>The group.</summary>
    public string GroupId { get; }

    /// <summary>The partitions to read per topic, or null for all.</summary>
    public IReadOnlyList<OffsetFetchTopic>? Topics { get; }

    /// <summary>Whether pending transactional commits are reported rather than skipped (v7+).</summary>
    public bool RequireStable { get; }

    /// <summary>A KIP-848 member's id, or null.</summary>
    public string? MemberId { get; }

    /// <summary>A KIP-848 member's epoch, or -1.</summary>
    public int MemberEpoch { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.OffsetFetch;

    /// <inheritdoc />
    public VersionRange Versions { get; }

    /// <inheritdoc />
    public short FirstFlexibleVersion => 6;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is outside <see cref="Versions"/>.</exception>
    public void WriteBody(KafkaWriter writer, short version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!Versions.Contains(version))
            throw new ArgumentOutOfRangeException(nameof(version), version, $"This OffsetFetch request can be written at {Versions} only{_narrowedBecause}.");

        var flexible = version >= FirstFlexibleVersion;
        if (version < FirstBatchedVersion)
        {
            writer.WriteString(GroupId, flexible);
            WriteTopics(writer, flexible);
        }
        else
        {
            writer.WriteArrayLength(1, flexible);
            writer.WriteString(GroupId, flexible);
            if (version >= FirstMemberVersion)
            {
                writer.WriteNullableString(MemberId, flexible);
                writer.WriteInt32(MemberEpoch);
            }

            WriteTopics(writer, flexible);
            writer.WriteEmptyTaggedFields();
        }

        if (version >= 7)
            writer.WriteBoolean(RequireStable);
        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public OffsetFetchResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var throttle = version >= 3 ? reader.ReadInt32() : 0;
        if (version < FirstBatchedVersion)
        {
            var topics = ReadTopics(ref reader, version, flexible);
            var error = version >= FirstAllTopicsVersion ? (ErrorCode)reader.ReadInt16() : GroupErrorOf(topics);
            if (flexible)
                reader.SkipTaggedFields();
            return new OffsetFetchResponse(throttle, error, topics);
        }

        OffsetFetchResponse? ours = null;
        var groupCount = reader.ReadNonNullArrayLength(flexible);
        for (var g = 0; g < groupCount; g++)
        {
            var groupId = reader.ReadString(flexible);
            var topics = ReadTopics(ref reader, version, flexible);
            var error = (ErrorCode)reader.ReadInt16();
            reader.SkipTaggedFields();
            if (ours is null && string.Equals(groupId, GroupId, StringComparison.Ordinal))
                ours = new OffsetFetchResponse(throttle, error, topics);
        }

        reader.SkipTaggedFields();
        return ours ?? throw new KafkaProtocolException($"The OffsetFetch v{version} answer has no entry for group '{GroupId}', the one group asked about.");
    }

    private void WriteTopics(KafkaWriter writer, bool flexible)
    {
        if (Topics is null)
        {
            writer.WriteArrayLength(-1, flexible);
            return;
        }

        writer.WriteArrayLength(Topics.Count, flexible);
        foreach (var topic in Topics)
        {
            writer.WriteString(topic.Name, flexible);
            writer.WriteArrayLength(topic.Partitions.Count, flexible);
            foreach (var partition in topic.Partitions)
                writer.WriteInt32(partition);
            if (flexible)
                writer.WriteEmptyTaggedFields();
        }
    }

    private static List<OffsetFetchTopicResponse> ReadTopics(ref KafkaReader reader, short version, bool flexible)
    {
        var topicCount = reader.ReadNonNullArrayLength(flexible);
        var topics = new List<OffsetFetchTopicResponse>(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            var name = reader.ReadString(flexible);
            var partitionCount = reader.ReadNonNullArrayLength(flexible);
            var partitions = new List<OffsetFetchPartitionResponse>(partitionCount);
            for (var p = 0; p < partitionCount; p++)
            {
                var index = reader.ReadInt32();
                var offset = reader.ReadInt64();
                var leaderEpoch = version >= 5 ? reader.ReadInt32() : -1;
                var metadata = reader.ReadNullableString(flexible);
                var error = (ErrorCode)reader.ReadInt16();
                if (flexible)
                    reader.SkipTaggedFields();
                partitions.Add(new OffsetFetchPartitionResponse(index, offset, leaderEpoch, metadata, error));
            }

            if (flexible)
                reader.SkipTaggedFields();
            topics.Add(new OffsetFetchTopicResponse(name, partitions));
        }

        return topics;
    }

    // v0-v1 have no group-level error: the broker puts a coordinator or group authorization error on every partition.
    // Errors about one partition (unknown, not authorized for its topic) stay with the partition.
    private static ErrorCode GroupErrorOf(List<OffsetFetchTopicResponse> topics)
    {
        foreach (var topic in topics)
        {
            foreach (var partition in topic.Partitions)
            {
                if (partition.Error is not (ErrorCode.None or ErrorCode.UnknownTopicOrPartition or ErrorCode.TopicAuthorizationFailed))
                    return partition.Error;
            }
        }

        return ErrorCode.None;
    }
}
