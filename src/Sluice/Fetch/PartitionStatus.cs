namespace Sluice.Fetch;

/// <summary>A snapshot of one assigned partition's reading state.</summary>
/// <param name="Partition">The partition.</param>
/// <param name="FetchPosition">The next offset to fetch, or null while its start is being resolved.</param>
/// <param name="ConsumedPosition">The next offset not yet handed to the application, -1 until the start position is known.</param>
/// <param name="Buffered">Records fetched and not yet handed out.</param>
/// <param name="Leader">The broker fetching it, or null while unknown.</param>
/// <param name="HighWatermark">The high watermark seen at the last fetch, -1 unknown.</param>
/// <param name="Failure">Why it cannot advance, or null.</param>
/// <param name="BufferedBytes">Fetched bytes of the buffered records not decoded yet (see <see cref="FetchSettings.QueuedMaxBytes"/>).</param>
public sealed record PartitionStatus(
    TopicPartition Partition,
    long? FetchPosition,
    long ConsumedPosition,
    int Buffered,
    int? Leader,
    long HighWatermark,
    Exception? Failure,
    long BufferedBytes = 0)
{
    /// <summary>Records between what was handed out and the high watermark, or -1 when unknown.</summary>
    public long Lag => HighWatermark < 0 ? -1 : Math.Max(0, HighWatermark - (ConsumedPosition >= 0 ? ConsumedPosition : FetchPosition ?? HighWatermark));
}
