namespace Sluice.Protocol.Records;

/// <summary>Which transactional records a consumer sees; sent in Fetch v4+.</summary>
public enum IsolationLevel : sbyte
{
    /// <summary>Every record, including those of open and aborted transactions; the fetch reads up to the high watermark.</summary>
    ReadUncommitted = 0,

    /// <summary>
    /// Committed records only: the broker reads up to the last stable offset and lists the aborted transactions
    /// in the returned range, and the decoder drops their batches.
    /// </summary>
    ReadCommitted = 1,
}
