namespace Sluice.Protocol.Consumer;

/// <summary>
/// What the group leader gives one member in SyncGroup (Kafka's ConsumerProtocolAssignment): its partitions,
/// grouped by topic on the wire, and the assignor's user data. Versions 0 to 3 have the same fields.
/// </summary>
public sealed class ConsumerAssignment
{
    /// <summary>The newest version Sluice knows. Java writes it; librdkafka writes version 0; both read either.</summary>
    public const short HighestVersion = 3;

    /// <summary>Creates an assignment.</summary>
    /// <param name="partitions">The member's partitions.</param>
    /// <param name="userData">The assignor's opaque bytes; none is written as empty, never null.</param>
    /// <param name="version">The version this assignment was read at; for a new one, the highest.</param>
    public ConsumerAssignment(IReadOnlyList<TopicPartition> partitions, ReadOnlyMemory<byte> userData = default, short version = HighestVersion)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        Partitions = partitions;
        UserData = userData;
        Version = version;
    }

    /// <summary>No partitions.</summary>
    public static ConsumerAssignment Empty { get; } = new([]);

    /// <summary>The version read from the wire (may be above <see cref="HighestVersion"/>), or the highest for a new one.</summary>
    public short Version { get; }

    /// <summary>The member's partitions, in wire order.</summary>
    public IReadOnlyList<TopicPartition> Partitions { get; }

    /// <summary>The assignor's opaque bytes; empty when there are none (a null on the wire reads as empty).</summary>
    public ReadOnlyMemory<byte> UserData { get; }

    /// <summary>
    /// Encodes the assignment at <paramref name="version"/> (0 to 3). User data is written as empty bytes when there
    /// is none: Kafka 0.9's Java client cannot read null.
    /// </summary>
    public byte[] Encode(short version = HighestVersion)
    {
        if (version is < 0 or > HighestVersion)
            throw new ArgumentOutOfRangeException(nameof(version), version, $"Sluice writes consumer assignment versions 0 to {HighestVersion}.");
        using var writer = new KafkaWriter();
        writer.WriteInt16(version);
        TopicPartitionsWire.Write(writer, Partitions);
        writer.WriteNullableBytes(UserData.Span, isNull: false, flexible: false);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Decodes an assignment of any version; a version above <see cref="HighestVersion"/> is read as far as Sluice
    /// knows it. Zero bytes decode as <see cref="Empty"/>: the coordinator sends that to a member the leader left out
    /// (librdkafka reads it the same way). A missing user data field (pykafka leaders omit it) reads as empty. Malformed bytes raise <see cref="KafkaProtocolException"/>.
    /// </summary>
    public static ConsumerAssignment Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return Empty;
        var reader = new KafkaReader(bytes);
        var version = reader.ReadInt16();
        if (version < 0)
            throw new KafkaProtocolException($"Consumer assignment version {version} is negative.");
        var partitions = TopicPartitionsWire.Read(ref reader);

        // pykafka's leader ends the assignment after the partitions, with no user data field at all.
        var userData = reader.Remaining == 0 ? [] : reader.ReadNullableBytes(out _).ToArray();
        return new ConsumerAssignment(partitions, userData, version);
    }
}
