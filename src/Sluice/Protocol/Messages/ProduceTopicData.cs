namespace Sluice.Protocol.Messages;

/// <summary>The partitions of one topic a <see cref="ProduceRequest"/> appends to.</summary>
public sealed record ProduceTopicData(string Name, IReadOnlyList<ProducePartitionData> Partitions);
