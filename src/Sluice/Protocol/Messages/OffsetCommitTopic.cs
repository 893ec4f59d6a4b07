namespace Sluice.Protocol.Messages;

/// <summary>The partitions of one topic an <see cref="OffsetCommitRequest"/> commits.</summary>
public sealed record OffsetCommitTopic(string Name, IReadOnlyList<OffsetCommitPartition> Partitions);
