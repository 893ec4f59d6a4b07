using Sluice.Protocol.Records;
using Sluice.Serialization;

namespace Sluice.Streams;

/// <summary>A record and the offset to commit once it is processed.</summary>
public sealed record CommittableMessage(ConsumedRecord Record, ICommittableOffset CommittableOffset);

/// <summary>A deserialized record and the offset to commit once it is processed.</summary>
public sealed record CommittableMessage<TKey, TValue>(ConsumeResult<TKey, TValue> Record, ICommittableOffset CommittableOffset);
