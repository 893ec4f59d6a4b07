namespace Sluice.Protocol.Messages;

/// <summary>
/// Joins a classic consumer group, or rejoins it for the next generation. The response names the leader, which
/// alone receives every member's metadata and computes the assignment it then sends with SyncGroup.
/// </summary>
public sealed class JoinGroupRequest : IKafkaRequest<JoinGroupResponse>
{
    /// <summary>The versions Sluice implements: Kafka 0.9's v0 to v9 (SkipAssignment, KIP-814).</summary>
    public static readonly VersionRange Supported = new(0, 9);

    // Static membership (KIP-345) added GroupInstanceId in v5.
    private const short FirstInstanceIdVersion = 5;

    private readonly string _narrowedBecause = "";

    /// <summary>Creates the request.</summary>
    /// <param name="groupId">The group to join.</param>
    /// <param name="sessionTimeoutMs">How long the coordinator waits for a heartbeat before it drops the member.</param>
    /// <param name="rebalanceTimeoutMs">
    /// How long the coordinator waits for every member to rejoin during a rebalance (v1+, KIP-62); v0 uses the session timeout for both.
    /// </param>
    /// <param name="memberId">The id the coordinator gave this member, or empty on the first join.</param>
    /// <param name="protocolType">The kind of group, "consumer" for consumers.</param>
    /// <param name="protocols">The protocols this member supports, most preferred first.</param>
    /// <param name="groupInstanceId">A static member's instance id (KIP-345); setting it needs v5+.</param>
    /// <param name="reason">Why the member joins, for the broker's log (v8+, KIP-800); older versions leave it out.</param>
    /// <exception cref="ArgumentException">A protocol is null or has no name or no metadata.</exception>
    public JoinGroupRequest(
        string groupId,
        int sessionTimeoutMs,
        int rebalanceTimeoutMs,
        string memberId,
        string protocolType,
        IReadOnlyList<JoinGroupProtocol> protocols,
        string? groupInstanceId = null,
        string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentNullException.ThrowIfNull(protocolType);
        ArgumentNullException.ThrowIfNull(protocols);
        for (var i = 0; i < protocols.Count; i++)
        {
            var protocol = protocols[i] ?? throw new ArgumentException($"Protocol {i} is null.", nameof(protocols));
            if (protocol.Name is null || protocol.Metadata is null)
                throw new ArgumentException($"Protocol {i} has no name or no metadata.", nameof(protocols));
        }

        GroupId = groupId;
        SessionTimeoutMs = sessionTimeoutMs;
        RebalanceTimeoutMs = rebalanceTimeoutMs;
        MemberId = memberId;
        ProtocolType = protocolType;
        Protocols = protocols;
        GroupInstanceId = groupInstanceId;
        Reason = reason;

        // Dropping the instance id on an older broker would silently turn a static member into a dynamic one.
        var min = Supported.Min;
        if (groupInstanceId is not null)
        {
            min = FirstInstanceIdVersion;
            _narrowedBecause = ": a group instance id (static membership) needs v5+";
        }

        Versions = new VersionRange(min, Supported.Max);
    }

    /// <summary>The group to join.</summary>
    public string GroupId { get; }

    /// <summary>The session timeout in milliseconds.</summary>
    public int SessionTimeoutMs { get; }

    /// <summary>The rebalance timeout in milliseconds (v1+).</summary>
    public int RebalanceTimeoutMs { get; }

    /// <summary>This member's id, or empty on the first join.</summary>
    public string MemberId { get; }

    /// <summary>A static member's instance id, or null.</summary>
    public string? GroupInstanceId { get; }

    /// <summary>The kind of group.</summary>
    public string ProtocolType { get; }

    /// <summary>The protocols offered, most preferred first.</summary>
    public IReadOnlyList<JoinGroupProtocol> Protocols { get; }

    /// <summary>Why the member joins (v8+), or null.</summary>
    public string? Reason { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.JoinGroup;

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
            throw new ArgumentOutOfRangeException(nameof(version), version, $"This JoinGroup request can be written at {Versions} only{_narrowedBecause}.");

        var flexible = version >= FirstFlexibleVersion;
        writer.WriteString(GroupId, flexible);
        writer.WriteInt32(SessionTimeoutMs);
        if (version >= 1)
            writer.WriteInt32(RebalanceTimeoutMs);
        writer.WriteString(MemberId, flexible);
        if (version >= FirstInstanceIdVersion)
            writer.WriteNullableString(GroupInstanceId, flexible);
        writer.WriteString(ProtocolType, flexible);
        writer.WriteArrayLength(Protocols.Count, flexible);
        foreach (var protocol in Protocols)
        {
            writer.WriteString(protocol.Name, flexible);
            writer.WriteNullableBytes(protocol.Metadata, isNull: false, flexible);
            if (flexible)
                writer.WriteEmptyTaggedFields();
        }

        if (version >= 8)
            writer.WriteNullableString(Reason, flexible);
        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public JoinGroupResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var throttle = version >= 2 ? reader.ReadInt32() : 0;
        var error = (ErrorCode)reader.ReadInt16();
        var generation = reader.ReadInt32();
        var protocolType = version >= 7 ? reader.ReadNullableString(flexible) : null;
        // Non-nullable before v7, but an error answer carries no protocol, and the librdkafka mock writes null there.
        var protocolName = reader.ReadNullableString(flexible);
        // The librdkafka mock writes a null leader and member id in error answers; they mean "none".
        var leader = reader.ReadNullableString(flexible) ?? "";
        var skipAssignment = version >= 9 && reader.ReadBoolean();
        var memberId = reader.ReadNullableString(flexible) ?? "";

        var count = reader.ReadNonNullArrayLength(flexible);
        var members = new List<JoinGroupMember>(count);
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString(flexible);
            var instanceId = version >= FirstInstanceIdVersion ? reader.ReadNullableString(flexible) : null;
            var metadata = reader.ReadBytes(flexible);
            if (flexible)
                reader.SkipTaggedFields();
            members.Add(new JoinGroupMember(id, instanceId, metadata));
        }

        if (flexible)
            reader.SkipTaggedFields();
        return new JoinGroupResponse(throttle, error, generation, protocolType, protocolName, leader, skipAssignment, memberId, members);
    }
}
