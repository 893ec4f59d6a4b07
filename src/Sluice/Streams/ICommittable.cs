namespace Sluice.Streams;

/// <summary>Something that can be committed: one record's offset, or a batch of them.</summary>
public interface ICommittable
{
    /// <summary>How many offsets were gathered into this (1 for a single offset).</summary>
    long BatchSize { get; }

    /// <summary>
    /// Commits through the member that read the records. Offsets of partitions the member has given up since are left
    /// out (committing them would overwrite the new owner's progress). Fails with
    /// <see cref="Group.CommitFailedException"/> after the configured retries, or once the member has left.
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken = default);
}
