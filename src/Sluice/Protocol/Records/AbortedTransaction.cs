namespace Sluice.Protocol.Records;

/// <summary>
/// One aborted transaction a read_committed Fetch (v4+) lists for a partition: its producer and the offset of
/// its first batch. Its data batches, up to the producer's ABORT marker, are never delivered.
/// </summary>
/// <param name="ProducerId">The transactional producer's id.</param>
/// <param name="FirstOffset">The offset of the first batch the transaction wrote to this partition.</param>
public readonly record struct AbortedTransaction(long ProducerId, long FirstOffset);
