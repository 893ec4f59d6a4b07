namespace Sluice.Protocol.Messages;

/// <summary>The commit outcome for the partitions of one topic.</summary>
public sealed record OffsetCommitTopicResponse(string Name, IReadOnlyList<OffsetCommitPartitionResponse> Partitions);
