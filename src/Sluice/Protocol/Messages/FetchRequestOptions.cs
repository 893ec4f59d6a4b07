using Sluice.Protocol.Records;

namespace Sluice.Protocol.Messages;

/// <summary>The limits and read mode of a <see cref="FetchRequest"/>, the same for every fetch a fetcher sends.</summary>
/// <param name="MaxWaitMs">How long the broker may hold the request waiting for <paramref name="MinBytes"/>.</param>
/// <param name="MinBytes">Bytes the broker waits for before answering.</param>
/// <param name="MaxBytes">A soft limit on the whole response (v3+, KIP-74).</param>
/// <param name="IsolationLevel">Whether records of open and aborted transactions are visible (v4+).</param>
/// <param name="RackId">The consumer's rack, for follower fetching (v11+, KIP-392); empty when none.</param>
public sealed record FetchRequestOptions(
    int MaxWaitMs = 500,
    int MinBytes = 1,
    int MaxBytes = 52_428_800,
    IsolationLevel IsolationLevel = IsolationLevel.ReadUncommitted,
    string RackId = "")
{
    /// <summary>Java's defaults: 500 ms, 1 byte, 50 MiB, read_uncommitted, no rack.</summary>
    public static FetchRequestOptions Default { get; } = new();
}
