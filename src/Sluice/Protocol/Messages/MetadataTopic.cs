namespace Sluice.Protocol.Messages;

/// <summary>One topic in a <see cref="MetadataResponse"/>.</summary>
public sealed record MetadataTopic(ErrorCode Error, string? Name, Guid TopicId, bool IsInternal, IReadOnlyList<MetadataPartition> Partitions);
