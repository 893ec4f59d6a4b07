namespace Sluice.Protocol.Messages;

/// <summary>The partitions of one topic an <see cref="OffsetFetchRequest"/> asks about.</summary>
public sealed record OffsetFetchTopic(string Name, IReadOnlyList<int> Partitions);
