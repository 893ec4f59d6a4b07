namespace Sluice.Protocol.Messages;

/// <summary>
/// The timestamps a <see cref="ListOffsetsRequest"/> asks with. Besides a time (milliseconds since the Unix epoch,
/// answered with the first offset whose timestamp is at or after it) Kafka gives two negative values a meaning.
/// </summary>
public static class ListOffsetsTimestamp
{
    /// <summary>The end of the log: the high watermark, or the last stable offset under read_committed (v2+).</summary>
    public const long Latest = -1;

    /// <summary>The start of the log: the oldest offset the broker still has.</summary>
    public const long Earliest = -2;
}
