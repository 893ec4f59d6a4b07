namespace Sluice.Protocol.Consumer;

/// <summary>
/// The metadata a consumer sends for one assignor in JoinGroup (Kafka's ConsumerProtocolSubscription, protocol
/// type "consumer"): its topics, the assignor's user data, and from v1 the partitions it owns, from v2 the
/// generation they were assigned in (KIP-792), from v3 its rack (KIP-881). Classic non-flexible encoding.
/// </summary>
public sealed class ConsumerSubscription
{
    /// <summary>The newest version Sluice reads and writes; Java and librdkafka write it too.</summary>
    public const short HighestVersion = 3;

    /// <summary>The generation of a member that has not been assigned anything yet.</summary>
    public const int NoGeneration = -1;

    /// <summary>Creates a subscription.</summary>
    /// <param name="topics">The topics the member consumes.</param>
    /// <param name="userData">The assignor's opaque bytes; none is written as empty, never null.</param>
    /// <param name="ownedPartitions">The partitions the member holds now (v1+).</param>
    /// <param name="generationId">The generation <paramref name="ownedPartitions"/> come from (v2+).</param>
    /// <param name="rackId">The member's rack (v3+).</param>
    /// <param name="version">The version this subscription was read at; for a new one, the highest.</param>
    public ConsumerSubscription(
        IReadOnlyList<string> topics,
        ReadOnlyMemory<byte> userData = default,
        IReadOnlyList<TopicPartition>? ownedPartitions = null,
        int generationId = NoGeneration,
        string? rackId = null,
        short version = HighestVersion)
    {
        ArgumentNullException.ThrowIfNull(topics);
        Topics = topics;
        UserData = userData;
        OwnedPartitions = ownedPartitions ?? [];
        GenerationId = generationId;
        RackId = rackId;
        Version = version;
    }

    /// <summary>The version read from the wire (may be above <see cref="HighestVersion"/>), or the highest for a new one.</summary>
    public short Version { get; }

    /// <summary>The topics the member consumes.</summary>
    public IReadOnlyList<string> Topics { get; }

    /// <summary>The assignor's opaque bytes; empty when there are none (a null on the wire reads as empty).</summary>
    public ReadOnlyMemory<byte> UserData { get; }

    /// <summary>The partitions the member holds (v1+; empty before).</summary>
    public IReadOnlyList<TopicPartition> OwnedPartitions { get; }

    /// <summary>The generation of <see cref="OwnedPartitions"/> (v2+); <see cref="NoGeneration"/> before.</summary>
    public int GenerationId { get; }

    /// <summary>The member's rack (v3+); null before or when unset.</summary>
    public string? RackId { get; }

    /// <summary>
    /// Encodes the subscription at <paramref name="version"/> (0 to 3). Fields newer than the version are left out,
    /// as Java does. User data is written as empty bytes when there is none: Kafka 0.9's Java client cannot read null.
    /// </summary>
    public byte[] Encode(short version = HighestVersion)
    {
        if (version is < 0 or > HighestVersion)
            throw new ArgumentOutOfRangeException(nameof(version), version, $"Sluice writes consumer subscription versions 0 to {HighestVersion}.");
        using var writer = new KafkaWriter();
        writer.WriteInt16(version);
        writer.WriteArrayLength(Topics.Count, flexible: false);
        foreach (var topic in Topics)
            writer.WriteString(topic, flexible: false);
        writer.WriteNullableBytes(UserData.Span, isNull: false, flexible: false);
        if (version >= 1)
            TopicPartitionsWire.Write(writer, OwnedPartitions);
        if (version >= 2)
            writer.WriteInt32(GenerationId);
        if (version >= 3)
            writer.WriteNullableString(RackId, flexible: false);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Decodes a subscription of any version. A version above <see cref="HighestVersion"/> is read as far as Sluice
    /// knows it and the rest ignored, so newer clients can join (the protocol's forward-compatibility rule).
    /// Malformed bytes raise <see cref="KafkaProtocolException"/>.
    /// </summary>
    public static ConsumerSubscription Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new KafkaReader(bytes);
        var version = reader.ReadInt16();
        if (version < 0)
            throw new KafkaProtocolException($"Consumer subscription version {version} is negative.");
        var count = reader.ReadArrayLength(flexible: false);
        var topics = new List<string>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
            topics.Add(reader.ReadString());
        var userData = reader.ReadNullableBytes(out _).ToArray();
        var owned = version >= 1 ? TopicPartitionsWire.Read(ref reader) : [];
        var generation = version >= 2 ? reader.ReadInt32() : NoGeneration;
        var rack = version >= 3 ? reader.ReadNullableString() : null;
        return new ConsumerSubscription(topics, userData, owned, generation, rack, version);
    }
}
