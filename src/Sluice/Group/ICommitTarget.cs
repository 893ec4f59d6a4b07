namespace Sluice.Group;

/// <summary>
/// Where a committable offset is committed: the group member that read the record, or the group an assigned source
/// commits to without joining it.
/// </summary>
internal interface ICommitTarget
{
    /// <summary>The group the offsets are committed to.</summary>
    string GroupId { get; }

    /// <summary>What committer stages have gathered of this target's offsets and not yet sent.</summary>
    CommitterBacklog Backlog { get; }

    /// <summary>
    /// Commits next-to-read offsets. Offsets of partitions given up since the generations in
    /// <paramref name="assignedAt"/> are left out. Returns what was committed; fails with
    /// <see cref="CommitFailedException"/>.
    /// </summary>
    Task<IReadOnlyDictionary<TopicPartition, long>> CommitAsync(
        IReadOnlyDictionary<TopicPartition, long> offsets, IReadOnlyDictionary<TopicPartition, int> assignedAt, CancellationToken cancellationToken);
}
