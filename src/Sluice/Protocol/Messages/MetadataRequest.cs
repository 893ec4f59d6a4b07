namespace Sluice.Protocol.Messages;

/// <summary>Asks for the cluster's brokers and for topics' partitions and leaders.</summary>
public sealed class MetadataRequest : IKafkaRequest<MetadataResponse>
{
    /// <summary>The versions Sluice implements: every version from Kafka 0.9's v0 to the current flexible v13.</summary>
    public static readonly VersionRange Supported = new(0, 13);

    /// <summary>Creates the request.</summary>
    /// <param name="topics">Topics to describe; null asks for every topic.</param>
    /// <param name="allowAutoTopicCreation">Whether the broker may create a missing topic (v4+; older brokers follow their own setting).</param>
    public MetadataRequest(IReadOnlyList<string>? topics, bool allowAutoTopicCreation = false)
    {
        Topics = topics;
        AllowAutoTopicCreation = allowAutoTopicCreation;
    }

    /// <summary>Topics to describe; null means every topic.</summary>
    public IReadOnlyList<string>? Topics { get; }

    /// <summary>Whether the broker may create a missing topic.</summary>
    public bool AllowAutoTopicCreation { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.Metadata;

    // v0 cannot ask for "no topics": its empty list means all. Asking for none is never needed, so an empty
    // list is sent as "all" there and as "none" from v1 on.
    /// <inheritdoc />
    public VersionRange Versions => Supported;

    /// <inheritdoc />
    public short FirstFlexibleVersion => 9;

    /// <inheritdoc />
    public void WriteBody(KafkaWriter writer, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        if (Topics is null)
        {
            writer.WriteArrayLength(version == 0 ? 0 : -1, flexible);
        }
        else
        {
            writer.WriteArrayLength(Topics.Count, flexible);
            foreach (var topic in Topics)
            {
                if (version >= 10)
                    writer.WriteUuid(Guid.Empty);
                writer.WriteString(topic, flexible);
                if (flexible)
                    writer.WriteEmptyTaggedFields();
            }
        }

        if (version >= 4)
            writer.WriteBoolean(AllowAutoTopicCreation);
        if (version is >= 8 and <= 10)
            writer.WriteBoolean(false);
        if (version >= 8)
            writer.WriteBoolean(false);
        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public MetadataResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var throttle = version >= 3 ? reader.ReadInt32() : 0;

        var brokerCount = reader.ReadNonNullArrayLength(flexible);
        var brokers = new List<MetadataBroker>(brokerCount);
        for (var i = 0; i < brokerCount; i++)
        {
            var nodeId = reader.ReadInt32();
            var host = reader.ReadString(flexible);
            var port = reader.ReadInt32();
            var rack = version >= 1 ? reader.ReadNullableString(flexible) : null;
            if (flexible)
                reader.SkipTaggedFields();
            brokers.Add(new MetadataBroker(nodeId, host, port, rack));
        }

        var clusterId = version >= 2 ? reader.ReadNullableString(flexible) : null;
        var controllerId = version >= 1 ? reader.ReadInt32() : -1;

        var topicCount = reader.ReadNonNullArrayLength(flexible);
        var topics = new List<MetadataTopic>(topicCount);
        for (var i = 0; i < topicCount; i++)
            topics.Add(ReadTopic(ref reader, version, flexible));

        if (version is >= 8 and <= 10)
            reader.ReadInt32();
        var error = version >= 13 ? (ErrorCode)reader.ReadInt16() : ErrorCode.None;
        if (flexible)
            reader.SkipTaggedFields();
        return new MetadataResponse(throttle, brokers, clusterId, controllerId, topics, error);
    }

    private static MetadataTopic ReadTopic(ref KafkaReader reader, short version, bool flexible)
    {
        var error = (ErrorCode)reader.ReadInt16();
        var name = version >= 12 ? reader.ReadNullableString(flexible) : reader.ReadString(flexible);
        var topicId = version >= 10 ? reader.ReadUuid() : Guid.Empty;
        var isInternal = version >= 1 && reader.ReadBoolean();

        var partitionCount = reader.ReadNonNullArrayLength(flexible);
        var partitions = new List<MetadataPartition>(partitionCount);
        for (var p = 0; p < partitionCount; p++)
        {
            var partitionError = (ErrorCode)reader.ReadInt16();
            var index = reader.ReadInt32();
            var leader = reader.ReadInt32();
            var leaderEpoch = version >= 7 ? reader.ReadInt32() : -1;
            var replicas = reader.ReadInt32Array(flexible);
            var isr = reader.ReadInt32Array(flexible);
            var offline = version >= 5 ? reader.ReadInt32Array(flexible) : [];
            if (flexible)
                reader.SkipTaggedFields();
            partitions.Add(new MetadataPartition(partitionError, index, leader, leaderEpoch, replicas, isr, offline));
        }

        if (version >= 8)
            reader.ReadInt32();
        if (flexible)
            reader.SkipTaggedFields();
        return new MetadataTopic(error, name, topicId, isInternal, partitions);
    }
}
