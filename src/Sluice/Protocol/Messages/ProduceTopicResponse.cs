namespace Sluice.Protocol.Messages;

/// <summary>The outcomes for the partitions of one topic.</summary>
public sealed record ProduceTopicResponse(string Name, IReadOnlyList<ProducePartitionResponse> Partitions);
