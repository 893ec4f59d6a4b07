namespace Sluice.Protocol.Messages;

/// <summary>Describes groups the receiving broker coordinates: state, protocol and members.</summary>
public sealed class DescribeGroupsRequest : IKafkaRequest<DescribeGroupsResponse>
{
    /// <summary>The versions Sluice implements: Kafka 0.9's v0 to v6 (error messages, KIP-1043).</summary>
    public static readonly VersionRange Supported = new(0, 6);

    // AuthorizedOperations is the default when the broker does not send the field: "not asked".
    private const int NoAuthorizedOperations = int.MinValue;

    /// <summary>Creates the request.</summary>
    /// <param name="groups">The group ids to describe.</param>
    /// <param name="includeAuthorizedOperations">Ask for each group's authorized operations (v3+, KIP-430); older versions leave it out.</param>
    /// <exception cref="ArgumentException">A group id is null.</exception>
    public DescribeGroupsRequest(IReadOnlyList<string> groups, bool includeAuthorizedOperations = false)
    {
        ArgumentNullException.ThrowIfNull(groups);
        for (var i = 0; i < groups.Count; i++)
        {
            if (groups[i] is null)
                throw new ArgumentException($"Group id {i} is null.", nameof(groups));
        }

        Groups = groups;
        IncludeAuthorizedOperations = includeAuthorizedOperations;
    }

    /// <summary>The group ids to describe.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>Whether to ask for authorized operations (v3+).</summary>
    public bool IncludeAuthorizedOperations { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.DescribeGroups;

    /// <inheritdoc />
    public VersionRange Versions => Supported;

    /// <inheritdoc />
    public short FirstFlexibleVersion => 5;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is outside <see cref="Versions"/>.</exception>
    public void WriteBody(KafkaWriter writer, short version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!Versions.Contains(version))
            throw new ArgumentOutOfRangeException(nameof(version), version, $"DescribeGroups can be written at {Versions} only.");

        var flexible = version >= FirstFlexibleVersion;
        writer.WriteArrayLength(Groups.Count, flexible);
        foreach (var group in Groups)
            writer.WriteString(group, flexible);
        if (version >= 3)
            writer.WriteBoolean(IncludeAuthorizedOperations);
        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public DescribeGroupsResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var throttle = version >= 1 ? reader.ReadInt32() : 0;
        var count = reader.ReadNonNullArrayLength(flexible);
        var groups = new List<DescribeGroupsGroup>(count);
        for (var i = 0; i < count; i++)
            groups.Add(ReadGroup(ref reader, version, flexible));
        if (flexible)
            reader.SkipTaggedFields();
        return new DescribeGroupsResponse(throttle, groups);
    }

    private static DescribeGroupsGroup ReadGroup(ref KafkaReader reader, short version, bool flexible)
    {
        var error = (ErrorCode)reader.ReadInt16();
        var message = version >= 6 ? reader.ReadNullableString(flexible) : null;
        var groupId = reader.ReadString(flexible);
        var state = reader.ReadString(flexible);
        var protocolType = reader.ReadString(flexible);
        var protocolData = reader.ReadString(flexible);

        var memberCount = reader.ReadNonNullArrayLength(flexible);
        var members = new List<DescribeGroupsMember>(memberCount);
        for (var m = 0; m < memberCount; m++)
        {
            var memberId = reader.ReadString(flexible);
            var instanceId = version >= 4 ? reader.ReadNullableString(flexible) : null;
            var clientId = reader.ReadString(flexible);
            var clientHost = reader.ReadString(flexible);
            var metadata = reader.ReadBytes(flexible);
            var assignment = reader.ReadBytes(flexible);
            if (flexible)
                reader.SkipTaggedFields();
            members.Add(new DescribeGroupsMember(memberId, instanceId, clientId, clientHost, metadata, assignment));
        }

        var operations = version >= 3 ? reader.ReadInt32() : NoAuthorizedOperations;
        if (flexible)
            reader.SkipTaggedFields();
        return new DescribeGroupsGroup(error, message, groupId, state, protocolType, protocolData, members, operations);
    }
}
