namespace Sluice.Protocol.Messages;

/// <summary>
/// Finds the broker that coordinates a group (GroupCoordinator in Kafka 0.9). Up to v3 the request carries one key;
/// v4 (KIP-699) batches keys. The response names each key's coordinator either way.
/// </summary>
public sealed class FindCoordinatorRequest : IKafkaRequest<FindCoordinatorResponse>
{
    /// <summary>The versions Sluice implements: Kafka 0.9's v0 to v6 (share groups, KIP-932).</summary>
    public static readonly VersionRange Supported = new(0, 6);

    // v4 replaced the single Key with the CoordinatorKeys array (KIP-699).
    private const short FirstBatchedVersion = 4;

    private readonly string _narrowedBecause = "";

    /// <summary>Creates a request for one key.</summary>
    /// <param name="key">The group id (or transactional id, share-partition key) to look up.</param>
    /// <param name="keyType">What <paramref name="key"/> names; anything but a group needs v1+, a share key v6+.</param>
    public FindCoordinatorRequest(string key, FindCoordinatorKeyType keyType = FindCoordinatorKeyType.Group)
        : this([key ?? throw new ArgumentNullException(nameof(key))], keyType)
    {
    }

    /// <summary>Creates a request for several keys of one type; more than one key needs v4+.</summary>
    /// <param name="keys">The keys to look up, at least one.</param>
    /// <param name="keyType">What the keys name; anything but a group needs v1+, a share key v6+.</param>
    /// <exception cref="ArgumentException"><paramref name="keys"/> is empty or holds a null key.</exception>
    public FindCoordinatorRequest(IReadOnlyList<string> keys, FindCoordinatorKeyType keyType = FindCoordinatorKeyType.Group)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
            throw new ArgumentException("At least one key is needed.", nameof(keys));
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i] is null)
                throw new ArgumentException($"Key {i} is null.", nameof(keys));
        }

        Keys = keys;
        KeyType = keyType;

        short min = Supported.Min;
        if (keys.Count > 1)
        {
            min = FirstBatchedVersion;
            _narrowedBecause = ": several keys need the batched v4+";
        }

        // v0 has no KeyType field and looks up groups only; the share type exists from v6.
        var typeMin = keyType switch
        {
            FindCoordinatorKeyType.Group => (short)0,
            FindCoordinatorKeyType.Share => (short)6,
            _ => (short)1,
        };
        if (typeMin > min)
        {
            min = typeMin;
            _narrowedBecause = $": key type {keyType} needs v{typeMin}+";
        }

        Versions = new VersionRange(min, Supported.Max);
    }

    /// <summary>The keys to look up.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>What the keys name.</summary>
    public FindCoordinatorKeyType KeyType { get; }

    /// <inheritdoc />
    public ApiKey ApiKey => ApiKey.FindCoordinator;

    /// <inheritdoc />
    public VersionRange Versions { get; }

    /// <inheritdoc />
    public short FirstFlexibleVersion => 3;

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is outside <see cref="Versions"/>.</exception>
    public void WriteBody(KafkaWriter writer, short version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!Versions.Contains(version))
            throw new ArgumentOutOfRangeException(nameof(version), version, $"This FindCoordinator request can be written at {Versions} only{_narrowedBecause}.");

        var flexible = version >= FirstFlexibleVersion;
        if (version < FirstBatchedVersion)
            writer.WriteString(Keys[0], flexible);
        if (version >= 1)
            writer.WriteInt8((sbyte)KeyType);
        if (version >= FirstBatchedVersion)
        {
            writer.WriteArrayLength(Keys.Count, flexible);
            foreach (var key in Keys)
                writer.WriteString(key, flexible);
        }

        if (flexible)
            writer.WriteEmptyTaggedFields();
    }

    /// <inheritdoc />
    public FindCoordinatorResponse ReadResponse(ref KafkaReader reader, short version)
    {
        var flexible = version >= FirstFlexibleVersion;
        var throttle = version >= 1 ? reader.ReadInt32() : 0;
        if (version < FirstBatchedVersion)
        {
            var error = (ErrorCode)reader.ReadInt16();
            var message = version >= 1 ? reader.ReadNullableString(flexible) : null;
            var nodeId = reader.ReadInt32();
            var host = reader.ReadString(flexible);
            var port = reader.ReadInt32();
            if (flexible)
                reader.SkipTaggedFields();
            return new FindCoordinatorResponse(throttle, [new FindCoordinatorResult(Keys[0], error, message, nodeId, host, port)]);
        }

        var count = reader.ReadNonNullArrayLength(flexible);
        var coordinators = new List<FindCoordinatorResult>(count);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString(flexible);
            var nodeId = reader.ReadInt32();
            var host = reader.ReadString(flexible);
            var port = reader.ReadInt32();
            var error = (ErrorCode)reader.ReadInt16();
            var message = reader.ReadNullableString(flexible);
            reader.SkipTaggedFields();
            coordinators.Add(new FindCoordinatorResult(key, error, message, nodeId, host, port));
        }

        reader.SkipTaggedFields();
        return new FindCoordinatorResponse(throttle, coordinators);
    }
}
