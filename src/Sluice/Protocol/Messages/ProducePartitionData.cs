using Sluice.Protocol.Records;

namespace Sluice.Protocol.Messages;

/// <summary>The records a <see cref="ProduceRequest"/> appends to one partition.</summary>
/// <param name="Partition">The partition index.</param>
/// <param name="Records">At least one record, in the order they are to be appended.</param>
public sealed record ProducePartitionData(int Partition, IReadOnlyList<ProduceRecord> Records);
