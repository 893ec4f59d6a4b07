using System.Buffers;
using Sluice.Protocol.Records;

namespace Sluice.Protocol.Messages;

/// <summary>
/// Reads records from partitions, in or out of a fetch session (KIP-227). Topics are named up to v12 and given by
/// id from v13 on; the request remembers both so the response can name its topics either way.
/// </summary>
public sealed class FetchRequest : IKafkaRequest<FetchResponse>
{
    /// <summary>
    /// The versions Sluice implements: Kafka 0.9's v0 to v16 (leader endpoints, KIP-951). v17 only adds a
    /// follower's directory id.
    /// </summary>
    public static readonly VersionRange Supported = new(0, 16);

    // The last version that names topics; v13 replaced names with ids (KIP-516).
    private const short LastVersionWithNames = 12;

    // Fetch sessions, the top-level error and forgotten topics arrived in v7.
    private const short FirstSessionVersion = 7;

    private readonly Dictionary<Guid, string> _namesById = [];
    private readonly Dictionary<string, Guid> _idsByName = new(StringComparer.Ordinal);
    private readonly string _narrowedBecause = "";

    /// <summary>Creates the request.</summary>
    /// <param name="partitions">The partitions to read, in the order the broker should fill them (v3+).</param>
    /// <param name="options">Wait, size limits, isolation level and rack; <see cref="FetchRequestOptions.Default"/> when null.</param>
    /// <param name="sessionId">The fetch session id, or 0 (v7+).</param>
    /// <param name="sessionEpoch">The session epoch: -1 outside a session or to close one, 0 to create one, then 1, 2, … (v7+).</param>
    /// <param name="forgotten">Partitions an incremental fetch removes from its session (v7+).</param>
    /// <param name="useTopicIds">False keeps the request at v12 or lower, naming topics, as a session created with names must.</param>
    /// <exception cref="ArgumentException">A partition is null or has no topic name.</exception>
    public FetchRequest(
        IReadOnlyList<FetchPartition> partitions,
        FetchRequestOptions? options = null,
        int sessionId = 0,
        int sessionEpoch = -1,
        IReadOnlyList<FetchTopicPartition>? forgotten = null,
        bool useTopicIds = true)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        Partitions = partitions;
        Options = options ?? FetchRequestOptions.Default;
        SessionId = sessionId;
        SessionEpoch = sessionEpoch;
        Forgotten = forgotten ?? [];

        var allHaveIds = true;
        for (var i = 0; i < partitions.Count; i++)
        {
            var partition = partitions[i] ?? throw new ArgumentException($"Partition {i} is null.", nameof(partitions));
            allHaveIds &= Remember(partition.Topic, partition.TopicId, nameof(partitions));
        }

        foreach (var partition in Forgotten)
            allHaveIds &= Remember(partition.Topic, partition.TopicId, nameof(forgotten));

        var min = Supported.Min;
        var max = Supported.Max;
        if (!useTopicIds || !allHaveIds)
        {
            max = LastVersionWithNames;
            _narrowedBecause = useTopicIds ? ": a topic id is unknown, so topics are named (v12 or lower)" : ": the caller asked for topic names (v12 or lower)";
        }

        if (sessionId != 0 || sessionEpoch != -1 || Forgotten.Count > 0)
        {
            min = FirstSessionVersion;
            _narrowedBecause += ": fetch sessions need v7+";
        }

        Versions = new VersionRange(min, max);
    }

    /// <summary>The partitions to read, in request order.</summary>
    public IReadOnlyList<FetchPartition> Partitions { get; }

    /// <summary>Wait, size limits, isolation level and rack.</summary>
    public FetchRequestOptions Options { get; }

    /// <summary>The fetch session id, or 0.</summary>
    public int SessionId { get; }

    /// <summary>The fetch session epoch.</summary>
    public int SessionEpoch { get; }

    /// <summary>Partitions removed from the session.</summary>
    public IReadOnlyList<FetchTopicPartition> Forgotten { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.Fetch;

    /// <inheritdoc />
    public VersionRange Versions { get; }

    /// <inheritdoc />
    public short FirstFlexibleVersion => 12;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is outside <see cref="Versions"/>.</exception>
    public void WriteBody(KafkaWriter writer, short version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!Versions.Contains(version))
            throw new ArgumentOutOfRangeException(nameof(version), version, $"This Fetch request can be written at {Versions} only{_narrowedBecause}.");

        var flexible = version >= FirstFlexibleVersion;
        var byId = version > LastVersionWithNames;
        // -1: a consumer, not a follower. From v15 a follower says who it is in the ReplicaState tag instead.
        if (version <= 14)
            writer.WriteInt32(-1);
        writer.WriteInt32(Options.MaxWaitMs);
        writer.WriteInt32(Options.MinBytes);
        if (version >= 3)
            writer.WriteInt32(Options.MaxBytes);
        if (version >= 4)
            writer.WriteInt8((sbyte)Options.IsolationLevel);
        if (version >= FirstSessionVersion)
        {
            writer.WriteInt32(SessionId);
            writer.WriteInt32(SessionEpoch);
        }

        var topics = GroupByTopic(Partitions, p => p.Topic, p => p.TopicId, byId);
        writer.WriteArrayLength(topics.Count, flexible);
        foreach (var (name, id, partitions) in topics)
        {
            WriteTopic(writer, name, id, byId, flexible);
            writer.WriteArrayLength(partitions.Count, flexible);
            foreach (var partition in partitions)
            {
                writer.WriteInt32(partition.Partition);
                if (version >= 9)
                    writer.WriteInt32(partition.CurrentLeaderEpoch);
                writer.WriteInt64(partition.FetchOffset);
                // LastFetchedEpoch -1: a consumer validates its position with OffsetForLeaderEpoch instead.
                if (version >= 12)
                    writer.WriteInt32(-1);
                // LogStartOffset -1: only followers report one.
                if (version >= 5)
                    writer.WriteInt64(-1);
                writer.WriteInt32(partition.PartitionMaxBytes);
                if (flexible)
                    writer.WriteEmptyTaggedFields();
            }

            if (flexible)
                writer.WriteEmptyTaggedFields();
        }

        if (version >= FirstSessionVersion)
        {
            var forgotten = GroupByTopic(Forgotten, p => p.Topic, p => p.TopicId, byId);
            writer.WriteArrayLength(forgotten.Count, flexible);
            foreach (var (name, id, partitions) in forgotten)
            {
                WriteTopic(writer, name, id, byId, flexible);
                writer.WriteArrayLength(partitions.Count, flexible);
                foreach (var partition in partitions)
                    writer.WriteInt32(partition.Partition);
                if (flexible)
                    writer.WriteEmptyTaggedFields();
            }
        }

        if (version >= 11)
            writer.WriteString(Options.RackId ?? "", flexible);
        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public FetchResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var byId = version > LastVersionWithNames;
        var throttle = version >= 1 ? reader.ReadInt32() : 0;
        var error = version >= FirstSessionVersion ? (ErrorCode)reader.ReadInt16() : ErrorCode.None;
        var sessionId = version >= FirstSessionVersion ? reader.ReadInt32() : 0;

        var topicCount = reader.ReadNonNullArrayLength(flexible);
        var topics = new List<FetchTopicResponse>(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            string? name;
            Guid id;
            if (byId)
            {
                id = reader.ReadUuid();
                name = _namesById.GetValueOrDefault(id);
            }
            else
            {
                name = reader.ReadString(flexible);
                id = _idsByName.GetValueOrDefault(name);
            }

            var partitionCount = reader.ReadNonNullArrayLength(flexible);
            var partitions = new List<FetchPartitionResponse>(partitionCount);
            for (var p = 0; p < partitionCount; p++)
                partitions.Add(ReadPartition(ref reader, version, flexible));
            if (flexible)
                reader.SkipTaggedFields();
            topics.Add(new FetchTopicResponse(name, id, partitions));
        }

        IReadOnlyList<FetchNodeEndpoint> endpoints = [];
        if (flexible)
        {
            var tags = new FetchTaggedFieldReader(ref reader);
            while (tags.Next(ref reader, out var tag, out var data))
            {
                // NodeEndpoints (tag 0) exists from v16; before that tag 0 is unknown and skipped.
                if (tag == 0 && version >= 16)
                    endpoints = ReadNodeEndpoints(data);
            }
        }

        return new FetchResponse(throttle, error, sessionId, topics, endpoints);
    }

    private bool Remember(string topic, Guid topicId, string parameter)
    {
        if (topic is null)
            throw new ArgumentException("Every partition needs its topic name, which names the topic up to v12 and in the response.", parameter);
        if (topicId == Guid.Empty)
            return false;
        _namesById.TryAdd(topicId, topic);
        _idsByName.TryAdd(topic, topicId);
        return true;
    }

    private static void WriteTopic(KafkaWriter writer, string name, Guid id, bool byId, bool flexible)
    {
        if (byId)
            writer.WriteUuid(id);
        else
            writer.WriteString(name, flexible);
    }

    // One entry per topic in order of first appearance, as the broker expects (partitions keep their order within it).
    private static List<(string Name, Guid Id, List<T> Partitions)> GroupByTopic<T>(IReadOnlyList<T> items, Func<T, string> name, Func<T, Guid> id, bool byId)
    {
        var groups = new List<(string Name, Guid Id, List<T> Partitions)>();
        var index = new Dictionary<(string?, Guid), int>();
        foreach (var item in items)
        {
            var key = byId ? ((string?)null, id(item)) : (name(item), Guid.Empty);
            if (!index.TryGetValue(key, out var at))
            {
                at = groups.Count;
                index.Add(key, at);
                groups.Add((name(item), id(item), []));
            }

            groups[at].Partitions.Add(item);
        }

        return groups;
    }

    private static FetchPartitionResponse ReadPartition(ref KafkaReader reader, short version, bool flexible)
    {
        var index = reader.ReadInt32();
        var error = (ErrorCode)reader.ReadInt16();
        var highWatermark = reader.ReadInt64();
        var lastStable = version >= 4 ? reader.ReadInt64() : -1;
        var logStart = version >= 5 ? reader.ReadInt64() : -1;

        IReadOnlyList<AbortedTransaction> aborted = [];
        if (version >= 4)
        {
            var count = reader.ReadArrayLength(flexible);
            if (count > 0)
            {
                var list = new List<AbortedTransaction>(count);
                for (var i = 0; i < count; i++)
                {
                    var producerId = reader.ReadInt64();
                    var firstOffset = reader.ReadInt64();
                    if (flexible)
                        reader.SkipTaggedFields();
                    list.Add(new AbortedTransaction(producerId, firstOffset));
                }

                aborted = list;
            }
        }

        var preferredReadReplica = version >= 11 ? reader.ReadInt32() : -1;

        // The records stay where they were read when the answer was assembled in a pooled frame (large answers always
        // are, in segments); otherwise they are copied into a pooled buffer, since the connection reuses its read
        // buffer. Either way the fetcher's reader gives them back after decoding.
        var pieces = reader.ReadRecordPieces(flexible);

        FetchCurrentLeader? currentLeader = null;
        if (flexible)
        {
            var tags = new FetchTaggedFieldReader(ref reader);
            while (tags.Next(ref reader, out var tag, out var data))
            {
                // Tag 0 (DivergingEpoch) and 2 (SnapshotId) matter to followers only.
                if (tag == 1)
                    currentLeader = ReadCurrentLeader(data);
            }
        }

        var partition = new FetchPartitionResponse(index, error, highWatermark, lastStable, logStart, aborted, preferredReadReplica, null, currentLeader);
        return FetchPartitionResponse.WithPieces(partition, pieces);
    }

    // The struct's own trailing tagged fields are left unread: the tag's size already bounds it.
    private static FetchCurrentLeader ReadCurrentLeader(ReadOnlySpan<byte> data)
    {
        var reader = new KafkaReader(data);
        var leaderId = reader.ReadInt32();
        var leaderEpoch = reader.ReadInt32();
        return new FetchCurrentLeader(leaderId, leaderEpoch);
    }

    private static List<FetchNodeEndpoint> ReadNodeEndpoints(ReadOnlySpan<byte> data)
    {
        var reader = new KafkaReader(data);
        var count = reader.ReadNonNullArrayLength(flexible: true);
        var endpoints = new List<FetchNodeEndpoint>(count);
        for (var i = 0; i < count; i++)
        {
            var nodeId = reader.ReadInt32();
            var host = reader.ReadCompactString();
            var port = reader.ReadInt32();
            var rack = reader.ReadCompactNullableString();
            reader.SkipTaggedFields();
            endpoints.Add(new FetchNodeEndpoint(nodeId, host, port, rack));
        }

        return endpoints;
    }
}
