namespace Sluice.Protocol.Messages;

/// <summary>
/// Leaves a classic group so the coordinator rebalances at once instead of waiting out the session. Up to v2 it names
/// the member; from v3 (KIP-345) it carries a batch of member identities, here always the one leaving member.
/// </summary>
public sealed class LeaveGroupRequest : IKafkaRequest<LeaveGroupResponse>
{
    /// <summary>The versions Sluice implements: Kafka 0.9's v0 to v5 (per-member reason, KIP-800).</summary>
    public static readonly VersionRange Supported = new(0, 5);

    // v3 replaced the top-level MemberId with the Members batch, which can carry a group instance id.
    private const short FirstBatchedVersion = 3;

    private readonly string _narrowedBecause = "";

    /// <summary>Creates the request.</summary>
    /// <param name="groupId">The group to leave.</param>
    /// <param name="memberId">The leaving member's id.</param>
    /// <param name="groupInstanceId">A static member's instance id (KIP-345); setting it needs v3+.</param>
    /// <param name="reason">Why the member leaves, for the broker's log (v5+); older versions leave it out.</param>
    public LeaveGroupRequest(string groupId, string memberId, string? groupInstanceId = null, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentNullException.ThrowIfNull(memberId);
        GroupId = groupId;
        MemberId = memberId;
        GroupInstanceId = groupInstanceId;
        Reason = reason;

        // v0-v2 cannot name an instance id: the static member would be left in place.
        var min = Supported.Min;
        if (groupInstanceId is not null)
        {
            min = FirstBatchedVersion;
            _narrowedBecause = ": a group instance id (static membership) needs v3+";
        }

        Versions = new VersionRange(min, Supported.Max);
    }

    /// <summary>The group to leave.</summary>
    public string GroupId { get; }

    /// <summary>The leaving member's id.</summary>
    public string MemberId { get; }

    /// <summary>A static member's instance id, or null.</summary>
    public string? GroupInstanceId { get; }

    /// <summary>Why the member leaves (v5+), or null.</summary>
    public string? Reason { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.LeaveGroup;

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
            throw new ArgumentOutOfRangeException(nameof(version), version, $"This LeaveGroup request can be written at {Versions} only{_narrowedBecause}.");

        var flexible = version >= FirstFlexibleVersion;
        writer.WriteString(GroupId, flexible);
        if (version < FirstBatchedVersion)
        {
            writer.WriteString(MemberId, flexible);
        }
        else
        {
            writer.WriteArrayLength(1, flexible);
            writer.WriteString(MemberId, flexible);
            writer.WriteNullableString(GroupInstanceId, flexible);
            if (version >= 5)
                writer.WriteNullableString(Reason, flexible);
            if (flexible)
                writer.WriteEmptyTaggedFields();
        }

        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public LeaveGroupResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var throttle = version >= 1 ? reader.ReadInt32() : 0;
        var error = (ErrorCode)reader.ReadInt16();
        IReadOnlyList<LeaveGroupMemberResponse> members = [];
        if (version >= FirstBatchedVersion)
        {
            var count = reader.ReadNonNullArrayLength(flexible);
            var list = new List<LeaveGroupMemberResponse>(count);
            for (var i = 0; i < count; i++)
            {
                var memberId = reader.ReadString(flexible);
                var instanceId = reader.ReadNullableString(flexible);
                var memberError = (ErrorCode)reader.ReadInt16();
                if (flexible)
                    reader.SkipTaggedFields();
                list.Add(new LeaveGroupMemberResponse(memberId, instanceId, memberError));
            }

            members = list;
        }

        if (flexible)
            reader.SkipTaggedFields();
        return new LeaveGroupResponse(throttle, error, members);
    }
}
