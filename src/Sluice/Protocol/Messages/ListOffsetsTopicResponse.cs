namespace Sluice.Protocol.Messages;

/// <summary>The offsets found for the partitions of one topic.</summary>
public sealed record ListOffsetsTopicResponse(string Name, IReadOnlyList<ListOffsetsPartitionResponse> Partitions);
