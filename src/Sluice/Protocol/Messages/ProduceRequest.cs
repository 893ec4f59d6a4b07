using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;

namespace Sluice.Protocol.Messages;

/// <summary>
/// Appends records to partitions, written in the record format of the version the request goes out at:
/// message set magic 0 for v0-v1, magic 1 for v2, record batch v2 for v3+.
/// </summary>
public sealed class ProduceRequest : IKafkaRequest<ProduceResponse>
{
    /// <summary>
    /// The versions Sluice implements: v0 (Kafka 0.8/0.9) to v9, the first flexible one. Later versions add
    /// leader-discovery tags, transaction semantics and topic ids, none of which a plain producer needs.
    /// </summary>
    public static readonly VersionRange Supported = new(0, 9);

    private readonly string _narrowedBecause;

    /// <summary>Creates the request.</summary>
    /// <param name="topics">The records per topic and partition; every partition carries at least one record.</param>
    /// <param name="acks">-1 waits for all in-sync replicas, 1 for the leader, 0 for nothing (no response is sent).</param>
    /// <param name="timeoutMs">How long the broker waits for the replicas <paramref name="acks"/> asks for.</param>
    /// <param name="compression">The codec for every partition's records.</param>
    /// <exception cref="NotSupportedException">Sluice cannot write <paramref name="compression"/> yet.</exception>
    public ProduceRequest(IReadOnlyList<ProduceTopicData> topics, short acks = -1, int timeoutMs = 30_000, CompressionCodec compression = CompressionCodec.None)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (acks is < -1 or > 1)
            throw new ArgumentOutOfRangeException(nameof(acks), acks, "acks is -1 (all in-sync replicas), 0 (none) or 1 (the leader).");
        // A codec Sluice cannot write fails here, where the caller chose it, not later on the connection.
        _ = Compressors.For(compression);

        var hasHeaders = false;
        for (var t = 0; t < topics.Count; t++)
        {
            var topic = topics[t] ?? throw new ArgumentException($"Topic {t} is null.", nameof(topics));
            for (var p = 0; p < topic.Partitions.Count; p++)
            {
                var records = topic.Partitions[p].Records;
                if (records.Count == 0)
                    throw new ArgumentException($"Partition {topic.Name}-{topic.Partitions[p].Partition} has no records.", nameof(topics));
                for (var r = 0; r < records.Count && !hasHeaders; r++)
                    hasHeaders = records[r].Headers.Count > 0;
            }
        }

        Topics = topics;
        Acks = acks;
        TimeoutMs = timeoutMs;
        Compression = compression;

        var min = Supported.Min;
        _narrowedBecause = "";
        if (hasHeaders)
        {
            min = 3;
            _narrowedBecause = ": record headers need a record batch v2 (v3+)";
        }

        if (compression == CompressionCodec.Zstd)
        {
            min = 7;
            _narrowedBecause = ": zstd needs v7+";
        }

        Versions = new VersionRange(min, Supported.Max);
    }

    /// <summary>The records per topic and partition.</summary>
    public IReadOnlyList<ProduceTopicData> Topics { get; }

    /// <summary>How many replicas must have the records before the broker answers.</summary>
    public short Acks { get; }

    /// <summary>How long the broker waits for those replicas.</summary>
    public int TimeoutMs { get; }

    /// <summary>The codec for every partition's records.</summary>
    public CompressionCodec Compression { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.Produce;

    /// <inheritdoc />
    public VersionRange Versions { get; }

    /// <inheritdoc />
    public short FirstFlexibleVersion => 9;

    bool IKafkaRequest.ExpectsResponse => Acks != 0;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is outside <see cref="Versions"/>.</exception>
    public void WriteBody(KafkaWriter writer, short version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!Versions.Contains(version))
            throw new ArgumentOutOfRangeException(nameof(version), version, $"This Produce request can be written at {Versions} only{_narrowedBecause}.");

        var flexible = version >= FirstFlexibleVersion;
        if (version >= 3)
            writer.WriteNullableString(null, flexible);
        writer.WriteInt16(Acks);
        writer.WriteInt32(TimeoutMs);

        using var scratch = flexible ? new KafkaWriter(4096) : null;
        writer.WriteArrayLength(Topics.Count, flexible);
        for (var t = 0; t < Topics.Count; t++)
        {
            var topic = Topics[t];
            writer.WriteString(topic.Name, flexible);
            writer.WriteArrayLength(topic.Partitions.Count, flexible);
            for (var p = 0; p < topic.Partitions.Count; p++)
            {
                var partition = topic.Partitions[p];
                writer.WriteInt32(partition.Partition);
                if (scratch is null)
                {
                    var lengthAt = writer.Skip(4);
                    WriteRecords(writer, partition.Records, version);
                    writer.WriteInt32At(lengthAt, writer.Position - lengthAt - 4);
                }
                else
                {
                    // A compact length is a varint whose size depends on the length, so it cannot be reserved.
                    scratch.Reset();
                    WriteRecords(scratch, partition.Records, version);
                    writer.WriteNullableBytes(scratch.WrittenSpan, isNull: false, flexible: true);
                }

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
    public ProduceResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var topicCount = reader.ReadNonNullArrayLength(flexible);
        var topics = new List<ProduceTopicResponse>(topicCount);
        for (var t = 0; t < topicCount; t++)
        {
            var name = reader.ReadString(flexible);
            var partitionCount = reader.ReadNonNullArrayLength(flexible);
            var partitions = new List<ProducePartitionResponse>(partitionCount);
            for (var p = 0; p < partitionCount; p++)
                partitions.Add(ReadPartition(ref reader, version, flexible));
            if (flexible)
                reader.SkipTaggedFields();
            topics.Add(new ProduceTopicResponse(name, partitions));
        }

        var throttle = version >= 1 ? reader.ReadInt32() : 0;
        if (flexible)
            reader.SkipTaggedFields();
        return new ProduceResponse(topics, throttle);
    }

    private void WriteRecords(KafkaWriter writer, IReadOnlyList<ProduceRecord> records, short version)
    {
        if (version >= 3)
            RecordBatchWriter.Write(writer, records, Compression);
        else
            MessageSetWriter.Write(writer, records, magic: version == 2 ? (byte)1 : (byte)0, Compression);
    }

    private static ProducePartitionResponse ReadPartition(ref KafkaReader reader, short version, bool flexible)
    {
        var index = reader.ReadInt32();
        var error = (ErrorCode)reader.ReadInt16();
        var baseOffset = reader.ReadInt64();
        var logAppendTime = version >= 2 ? reader.ReadInt64() : -1;
        var logStartOffset = version >= 5 ? reader.ReadInt64() : -1;

        IReadOnlyList<ProduceRecordError> recordErrors = [];
        string? errorMessage = null;
        if (version >= 8)
        {
            var count = reader.ReadNonNullArrayLength(flexible);
            var errors = new List<ProduceRecordError>(count);
            for (var i = 0; i < count; i++)
            {
                var batchIndex = reader.ReadInt32();
                var message = reader.ReadNullableString(flexible);
                if (flexible)
                    reader.SkipTaggedFields();
                errors.Add(new ProduceRecordError(batchIndex, message));
            }

            recordErrors = errors;
            errorMessage = reader.ReadNullableString(flexible);
        }

        if (flexible)
            reader.SkipTaggedFields();
        return new ProducePartitionResponse(index, error, baseOffset, logAppendTime, logStartOffset, recordErrors, errorMessage);
    }
}
