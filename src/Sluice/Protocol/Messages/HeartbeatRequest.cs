namespace Sluice.Protocol.Messages;

/// <summary>Keeps a classic group membership alive and learns of a rebalance from the answer.</summary>
public sealed class HeartbeatRequest : IKafkaRequest<HeartbeatResponse>
{
    /// <summary>The versions Sluice implements: Kafka 0.9's v0 to v4, the first flexible one.</summary>
    public static readonly VersionRange Supported = new(0, 4);

    // Static membership (KIP-345) added GroupInstanceId in v3.
    private const short FirstInstanceIdVersion = 3;

    private readonly string _narrowedBecause = "";

    /// <summary>Creates the request.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="generationId">The generation this member belongs to.</param>
    /// <param name="memberId">This member's id.</param>
    /// <param name="groupInstanceId">A static member's instance id (KIP-345); setting it needs v3+.</param>
    public HeartbeatRequest(string groupId, int generationId, string memberId, string? groupInstanceId = null)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentNullException.ThrowIfNull(memberId);
        GroupId = groupId;
        GenerationId = generationId;
        MemberId = memberId;
        GroupInstanceId = groupInstanceId;

        // Dropping the instance id on an older broker would silently turn a static member into a dynamic one.
        var min = Supported.Min;
        if (groupInstanceId is not null)
        {
            min = FirstInstanceIdVersion;
            _narrowedBecause = ": a group instance id (static membership) needs v3+";
        }

        Versions = new VersionRange(min, Supported.Max);
    }

    /// <summary>The group.</summary>
    public string GroupId { get; }

    /// <summary>The generation this member belongs to.</summary>
    public int GenerationId { get; }

    /// <summary>This member's id.</summary>
    public string MemberId { get; }

    /// <summary>A static member's instance id, or null.</summary>
    public string? GroupInstanceId { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.Heartbeat;

    /// <inheritdoc />
    public VersionRange Versions { get; }

    /// <inheritdoc />
    public short FirstFlexibleVersion => 4;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is outside <see cref="Versions"/>.</exception>
    public void WriteBody(KafkaWriter writer, short version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!Versions.Contains(version))
            throw new ArgumentOutOfRangeException(nameof(version), version, $"This Heartbeat request can be written at {Versions} only{_narrowedBecause}.");

        var flexible = version >= FirstFlexibleVersion;
        writer.WriteString(GroupId, flexible);
        writer.WriteInt32(GenerationId);
        writer.WriteString(MemberId, flexible);
        if (version >= FirstInstanceIdVersion)
            writer.WriteNullableString(GroupInstanceId, flexible);
        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public HeartbeatResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var throttle = version >= 1 ? reader.ReadInt32() : 0;
        var error = (ErrorCode)reader.ReadInt16();
        if (version >= FirstFlexibleVersion)
            reader.SkipTaggedFields();
        return new HeartbeatResponse(throttle, error);
    }
}
