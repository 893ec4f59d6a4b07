namespace Sluice.Streams;

/// <summary>The offset of one emitted record, committable through the member that read it.</summary>
public interface ICommittableOffset : ICommittable
{
    /// <summary>The group the record was read for.</summary>
    string GroupId { get; }

    /// <summary>The record's partition.</summary>
    TopicPartition Partition { get; }

    /// <summary>The record's offset; committing it commits <c>Offset + 1</c>, the next offset to read.</summary>
    long Offset { get; }
}
