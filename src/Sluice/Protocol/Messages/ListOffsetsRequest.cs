using Sluice.Protocol.Records;

namespace Sluice.Protocol.Messages;

/// <summary>
/// Looks up one offset per partition: the earliest, the latest, or the first at or after a time. Every version
/// answers with one offset per partition; on v0 (Kafka 0.9) a time is resolved only to a log segment's start.
/// </summary>
public sealed class ListOffsetsRequest : IKafkaRequest<ListOffsetsResponse>
{
    /// <summary>The versions Sluice implements: Kafka 0.9's v0 to v10, which adds TimeoutMs (Kafka 4.0).</summary>
    public static readonly VersionRange Supported = new(0, 10);

    // v0 answers with an array of offsets, newest first; one is all a consumer needs.
    private const int MaxNumOffsets = 1;

    /// <summary>Creates the request.</summary>
    /// <param name="topics">The partitions to look up, per topic.</param>
    /// <param name="isolationLevel">
    /// Under read_committed, <see cref="ListOffsetsTimestamp.Latest"/> is the last stable offset (v2+). Brokers
    /// older than v2 have no transactions, so their high watermark is the same thing and nothing is narrowed.
    /// </param>
    /// <param name="timeoutMs">How long the broker may wait for tiered storage to answer (v10+).</param>
    /// <exception cref="ArgumentException">A topic or partition is null, or a timestamp is negative but neither special value.</exception>
    public ListOffsetsRequest(IReadOnlyList<ListOffsetsTopic> topics, IsolationLevel isolationLevel = IsolationLevel.ReadUncommitted, int timeoutMs = 30_000)
    {
        ArgumentNullException.ThrowIfNull(topics);
        for (var t = 0; t < topics.Count; t++)
        {
            var topic = topics[t] ?? throw new ArgumentException($"Topic {t} is null.", nameof(topics));
            if (topic.Name is null || topic.Partitions is null)
                throw new ArgumentException($"Topic {t} has no name or no partition list.", nameof(topics));
            for (var p = 0; p < topic.Partitions.Count; p++)
            {
                var partition = topic.Partitions[p] ?? throw new ArgumentException($"Partition {p} of {topic.Name} is null.", nameof(topics));
                // Values below -2 name lookups of newer versions (max timestamp, tiered offsets) a consumer never makes.
                if (partition.Timestamp < ListOffsetsTimestamp.Earliest)
                    throw new ArgumentException(
                        $"Partition {topic.Name}-{partition.Partition} asks for timestamp {partition.Timestamp}: use a time, " +
                        $"{nameof(ListOffsetsTimestamp)}.{nameof(ListOffsetsTimestamp.Latest)} or {nameof(ListOffsetsTimestamp.Earliest)}.",
                        nameof(topics));
            }
        }

        Topics = topics;
        IsolationLevel = isolationLevel;
        TimeoutMs = timeoutMs;
    }

    /// <summary>The partitions to look up, per topic.</summary>
    public IReadOnlyList<ListOffsetsTopic> Topics { get; }

    /// <summary>Whether "latest" means the high watermark or the last stable offset.</summary>
    public IsolationLevel IsolationLevel { get; }

    /// <summary>How long the broker may wait for tiered storage (v10+).</summary>
    public int TimeoutMs { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.ListOffsets;

    /// <inheritdoc />
    public VersionRange Versions => Supported;

    /// <inheritdoc />
    public short FirstFlexibleVersion => 6;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is outside <see cref="Versions"/>.</exception>
    public void WriteBody(KafkaWriter writer, short version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!Versions.Contains(version))
            throw new ArgumentOutOfRangeException(nameof(version), version, $"ListOffsets can be written at {Versions} only.");

        var flexible = version >= FirstFlexibleVersion;
        // -1: a consumer, not a follower replica.
        writer.WriteInt32(-1);
        if (version >= 2)
            writer.WriteInt8((sbyte)IsolationLevel);

        writer.WriteArrayLength(Topics.Count, flexible);
        foreach (var topic in Topics)
        {
            writer.WriteString(topic.Name, flexible);
            writer.WriteArrayLength(topic.Partitions.Count, flexible);
            foreach (var partition in topic.Partitions)
            {
                writer.WriteInt32(partition.Partition);
                if (version >= 4)
                    writer.WriteInt32(partition.CurrentLeaderEpoch);
                writer.WriteInt64(partition.Timestamp);
                if (version == 0)
                    writer.WriteInt32(MaxNumOffsets);
                if (flexible)
                    writer.WriteEmptyTaggedFields();
            }

            if (flexible)
                writer.WriteEmptyTaggedFields();
        }

        if (version >= 10)
            writer.WriteInt32(TimeoutMs);
        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public ListOffsetsResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var throttle = version >= 2 ? reader.ReadInt32() : 0;

        var topicCount = reader.ReadNonNullArrayLength(flexible);
        var topics = new List<ListOffsetsTopicResponse>(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            var name = reader.ReadString(flexible);
            var partitionCount = reader.ReadNonNullArrayLength(flexible);
            var partitions = new List<ListOffsetsPartitionResponse>(partitionCount);
            for (var p = 0; p < partitionCount; p++)
                partitions.Add(ReadPartition(ref reader, version, flexible));
            if (flexible)
                reader.SkipTaggedFields();
            topics.Add(new ListOffsetsTopicResponse(name, partitions));
        }

        if (flexible)
            reader.SkipTaggedFields();
        return new ListOffsetsResponse(throttle, topics);
    }

    private static ListOffsetsPartitionResponse ReadPartition(ref KafkaReader reader, short version, bool flexible)
    {
        var index = reader.ReadInt32();
        var error = (ErrorCode)reader.ReadInt16();
        long timestamp = -1;
        long offset = -1;
        if (version == 0)
        {
            // Newest first; an empty array (no such offset, or an error) leaves -1.
            var count = reader.ReadNonNullArrayLength(flexible: false);
            for (var i = 0; i < count; i++)
            {
                var value = reader.ReadInt64();
                if (i == 0)
                    offset = value;
            }
        }
        else
        {
            timestamp = reader.ReadInt64();
            offset = reader.ReadInt64();
        }

        var leaderEpoch = version >= 4 ? reader.ReadInt32() : -1;
        if (flexible)
            reader.SkipTaggedFields();
        return new ListOffsetsPartitionResponse(index, error, timestamp, offset, leaderEpoch);
    }
}
