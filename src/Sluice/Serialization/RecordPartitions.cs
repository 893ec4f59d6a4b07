using Sluice.Protocol.Records;

namespace Sluice.Serialization;

/// <summary>
/// The <see cref="TopicPartition"/> of a record without a new object per record: records come in runs of one
/// partition, so each thread keeps the last one it made.
/// </summary>
internal static class RecordPartitions
{
    [ThreadStatic]
    private static TopicPartition? t_last;

    /// <summary>The partition <paramref name="record"/> belongs to.</summary>
    public static TopicPartition Of(ConsumedRecord record)
    {
        var last = t_last;
        if (last is not null && last.Partition == record.Partition && ReferenceEquals(last.Topic, record.Topic))
            return last;
        return t_last = new TopicPartition(record.Topic, record.Partition);
    }
}
