namespace Sluice.Protocol.Messages;

/// <summary>What a <see cref="FindCoordinatorRequest"/> key names (the KeyType field, v1+).</summary>
public enum FindCoordinatorKeyType : sbyte
{
    /// <summary>A consumer group id; the only kind v0 (Kafka 0.9's GroupCoordinator) can look up.</summary>
    Group = 0,

    /// <summary>A transactional id (v1+).</summary>
    Transaction = 1,

    /// <summary>A share-partition key, "group:topicId:partition" (v6+, KIP-932).</summary>
    Share = 2,
}
