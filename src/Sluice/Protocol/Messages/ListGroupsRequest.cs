namespace Sluice.Protocol.Messages;

/// <summary>Lists the groups that one broker coordinates.</summary>
public sealed class ListGroupsRequest : IKafkaRequest<ListGroupsResponse>
{
    /// <summary>The versions Sluice implements: Kafka 0.9's v0 to v5.</summary>
    public static readonly VersionRange Supported = new(0, 5);

    /// <summary>Creates the request.</summary>
    /// <param name="statesFilter">Only groups in these states (v4+); empty means all.</param>
    /// <param name="typesFilter">Only groups of these types, such as classic or consumer (v5+); empty means all.</param>
    public ListGroupsRequest(IReadOnlyList<string>? statesFilter = null, IReadOnlyList<string>? typesFilter = null)
    {
        StatesFilter = statesFilter ?? [];
        TypesFilter = typesFilter ?? [];
    }

    /// <summary>Only groups in these states (v4+).</summary>
    public IReadOnlyList<string> StatesFilter { get; }

    /// <summary>Only groups of these types (v5+).</summary>
    public IReadOnlyList<string> TypesFilter { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.ListGroups;

    /// <inheritdoc />
    public VersionRange Versions => Supported;

    /// <inheritdoc />
    public short FirstFlexibleVersion => 3;

    /// <inheritdoc />
    public void WriteBody(KafkaWriter writer, short version)
    {
        if (version >= 4)
            WriteStrings(writer, StatesFilter);
        if (version >= 5)
            WriteStrings(writer, TypesFilter);
        if (version >= FirstFlexibleVersion)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public ListGroupsResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var throttle = version >= 1 ? reader.ReadInt32() : 0;
        var error = (ErrorCode)reader.ReadInt16();
        var count = reader.ReadNonNullArrayLength(flexible);
        var groups = new List<ListedGroup>(count);
        for (var i = 0; i < count; i++)
        {
            var groupId = reader.ReadString(flexible);
            var protocolType = reader.ReadString(flexible);
            var state = version >= 4 ? reader.ReadString(flexible) : null;
            var type = version >= 5 ? reader.ReadString(flexible) : null;
            if (flexible)
                reader.SkipTaggedFields();
            groups.Add(new ListedGroup(groupId, protocolType, state, type));
        }

        if (flexible)
            reader.SkipTaggedFields();
        return new ListGroupsResponse(throttle, error, groups);
    }

    private static void WriteStrings(KafkaWriter writer, IReadOnlyList<string> values)
    {
        writer.WriteArrayLength(values.Count, flexible: true);
        foreach (var value in values)
            writer.WriteString(value, flexible: true);
    }
}
