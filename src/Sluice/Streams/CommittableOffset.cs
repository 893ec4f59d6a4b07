using Sluice.Group;

namespace Sluice.Streams;

/// <summary>The offset of one emitted record (see <see cref="ICommittableOffset"/>).</summary>
public sealed class CommittableOffset : ICommittableOffset
{
    internal CommittableOffset(ICommitTarget target, TopicPartition partition, long offset, int assignedAt)
    {
        Target = target;
        Partition = partition;
        Offset = offset;
        AssignedAt = assignedAt;
    }

    /// <inheritdoc />
    public string GroupId => Target.GroupId;

    /// <inheritdoc />
    public TopicPartition Partition { get; }

    /// <inheritdoc />
    public long Offset { get; }

    /// <inheritdoc />
    public long BatchSize => 1;

    internal ICommitTarget Target { get; }

    /// <summary>The generation the partition was assigned in when the record was read.</summary>
    internal int AssignedAt { get; }

    /// <inheritdoc />
    public Task CommitAsync(CancellationToken cancellationToken = default) => CommittableOffsetBatch.Empty.Updated(this).CommitAsync(cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"{GroupId}: {Partition}@{Offset}";
}
