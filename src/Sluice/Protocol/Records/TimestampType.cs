namespace Sluice.Protocol.Records;

/// <summary>What a record's timestamp means, from bit 3 of the message or batch attributes.</summary>
public enum TimestampType
{
    /// <summary>The record has no timestamp: magic 0 messages predate timestamps (KIP-32); the value is -1.</summary>
    NotAvailable = -1,

    /// <summary>The producer's time when it created the record.</summary>
    CreateTime = 0,

    /// <summary>The broker's time when it appended the record to the log.</summary>
    LogAppendTime = 1,
}
