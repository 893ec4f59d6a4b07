namespace Sluice.Protocol.Messages;

/// <summary>The committed offsets of one topic's partitions.</summary>
public sealed record OffsetFetchTopicResponse(string Name, IReadOnlyList<OffsetFetchPartitionResponse> Partitions);
