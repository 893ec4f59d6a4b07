namespace Sluice.Protocol.Messages;

/// <summary>
/// Completes a rebalance: the leader sends every member's assignment, followers send none, and each member gets
/// its own assignment back.
/// </summary>
public sealed class SyncGroupRequest : IKafkaRequest<SyncGroupResponse>
{
    /// <summary>The versions Sluice implements: Kafka 0.9's v0 to v5 (protocol type and name, KIP-559).</summary>
    public static readonly VersionRange Supported = new(0, 5);

    // Static membership (KIP-345) added GroupInstanceId in v3.
    private const short FirstInstanceIdVersion = 3;

    private readonly string _narrowedBecause = "";

    /// <summary>Creates the request.</summary>
    /// <param name="groupId">The group.</param>
    /// <param name="generationId">The generation the JoinGroup response gave.</param>
    /// <param name="memberId">This member's id.</param>
    /// <param name="assignments">Every member's assignment when this member leads, otherwise empty.</param>
    /// <param name="groupInstanceId">A static member's instance id (KIP-345); setting it needs v3+.</param>
    /// <param name="protocolType">The group's protocol type, which the broker checks (v5+); older versions leave it out.</param>
    /// <param name="protocolName">The chosen protocol, which the broker checks (v5+); older versions leave it out.</param>
    /// <exception cref="ArgumentException">An assignment is null or has no member id or no bytes.</exception>
    public SyncGroupRequest(
        string groupId,
        int generationId,
        string memberId,
        IReadOnlyList<SyncGroupAssignment> assignments,
        string? groupInstanceId = null,
        string? protocolType = null,
        string? protocolName = null)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentNullException.ThrowIfNull(assignments);
        for (var i = 0; i < assignments.Count; i++)
        {
            var assignment = assignments[i] ?? throw new ArgumentException($"Assignment {i} is null.", nameof(assignments));
            if (assignment.MemberId is null || assignment.Assignment is null)
                throw new ArgumentException($"Assignment {i} has no member id or no bytes.", nameof(assignments));
        }

        GroupId = groupId;
        GenerationId = generationId;
        MemberId = memberId;
        Assignments = assignments;
        GroupInstanceId = groupInstanceId;
        ProtocolType = protocolType;
        ProtocolName = protocolName;

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

    /// <summary>The generation being synced.</summary>
    public int GenerationId { get; }

    /// <summary>This member's id.</summary>
    public string MemberId { get; }

    /// <summary>Every member's assignment from the leader, or empty.</summary>
    public IReadOnlyList<SyncGroupAssignment> Assignments { get; }

    /// <summary>A static member's instance id, or null.</summary>
    public string? GroupInstanceId { get; }

    /// <summary>The group's protocol type (v5+), or null.</summary>
    public string? ProtocolType { get; }

    /// <summary>The chosen protocol (v5+), or null.</summary>
    public string? ProtocolName { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.SyncGroup;

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
            throw new ArgumentOutOfRangeException(nameof(version), version, $"This SyncGroup request can be written at {Versions} only{_narrowedBecause}.");

        var flexible = version >= FirstFlexibleVersion;
        writer.WriteString(GroupId, flexible);
        writer.WriteInt32(GenerationId);
        writer.WriteString(MemberId, flexible);
        if (version >= FirstInstanceIdVersion)
            writer.WriteNullableString(GroupInstanceId, flexible);
        if (version >= 5)
        {
            writer.WriteNullableString(ProtocolType, flexible);
            writer.WriteNullableString(ProtocolName, flexible);
        }

        writer.WriteArrayLength(Assignments.Count, flexible);
        foreach (var assignment in Assignments)
        {
            writer.WriteString(assignment.MemberId, flexible);
            writer.WriteNullableBytes(assignment.Assignment, isNull: false, flexible);
            if (flexible)
                writer.WriteEmptyTaggedFields();
        }

        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public SyncGroupResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var throttle = version >= 1 ? reader.ReadInt32() : 0;
        var error = (ErrorCode)reader.ReadInt16();
        var protocolType = version >= 5 ? reader.ReadNullableString(flexible) : null;
        var protocolName = version >= 5 ? reader.ReadNullableString(flexible) : null;
        // Non-nullable in the schema; an error answer has no assignment, so a null from a lax peer reads as empty.
        var bytes = reader.ReadNullableBytes(flexible, out var isNull);
        byte[] assignment = isNull ? [] : bytes.ToArray();
        if (flexible)
            reader.SkipTaggedFields();
        return new SyncGroupResponse(throttle, error, protocolType, protocolName, assignment);
    }
}
