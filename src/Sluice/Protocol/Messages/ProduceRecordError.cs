namespace Sluice.Protocol.Messages;

/// <summary>A record the broker refused, which failed its whole batch (KIP-467, Produce v8+).</summary>
/// <param name="BatchIndex">The record's position within its batch.</param>
/// <param name="Message">Why the record was refused, or null.</param>
public sealed record ProduceRecordError(int BatchIndex, string? Message);
