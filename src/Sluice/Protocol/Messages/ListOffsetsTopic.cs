namespace Sluice.Protocol.Messages;

/// <summary>The partitions of one topic a <see cref="ListOffsetsRequest"/> asks about.</summary>
public sealed record ListOffsetsTopic(string Name, IReadOnlyList<ListOffsetsPartition> Partitions);
