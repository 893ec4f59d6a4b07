using Sluice.Group;

namespace Sluice.Streams;

/// <summary>
/// The highest offset per partition of many committables, committed in one request per member. Immutable:
/// <see cref="Updated"/> returns a new batch.
/// </summary>
public sealed class CommittableOffsetBatch : ICommittable
{
    private readonly IReadOnlyDictionary<(ICommitTarget Target, TopicPartition Partition), (long Next, int AssignedAt)> _offsets;

    internal CommittableOffsetBatch(IReadOnlyDictionary<(ICommitTarget, TopicPartition), (long, int)> offsets, long batchSize)
    {
        _offsets = offsets;
        BatchSize = batchSize;
    }

    /// <summary>A batch with nothing in it.</summary>
    public static CommittableOffsetBatch Empty { get; } = new(new Dictionary<(ICommitTarget, TopicPartition), (long, int)>(), 0);

    /// <inheritdoc />
    public long BatchSize { get; }

    /// <summary>The next offset to read per partition: what committing the batch commits.</summary>
    public IReadOnlyDictionary<TopicPartition, long> Offsets =>
        _offsets.GroupBy(kv => kv.Key.Partition).ToDictionary(g => g.Key, g => g.Max(kv => kv.Value.Next));

    /// <summary>A batch of all the given committables.</summary>
    public static CommittableOffsetBatch Of(IEnumerable<ICommittable> committables)
    {
        ArgumentNullException.ThrowIfNull(committables);
        var offsets = new Dictionary<(ICommitTarget, TopicPartition), (long, int)>();
        long size = 0;
        foreach (var committable in committables)
            size += Gather(offsets, committable);
        return new CommittableOffsetBatch(offsets, size);
    }

    /// <summary>This batch with <paramref name="committable"/> added.</summary>
    public CommittableOffsetBatch Updated(ICommittable committable)
    {
        ArgumentNullException.ThrowIfNull(committable);
        var offsets = new Dictionary<(ICommitTarget, TopicPartition), (long, int)>(_offsets);
        var added = Gather(offsets, committable);
        return new CommittableOffsetBatch(offsets, BatchSize + added);
    }

    /// <summary>Whether the batch holds no offset at all.</summary>
    internal bool IsEmpty => _offsets.Count == 0;

    /// <summary>Where the offsets are committed.</summary>
    internal IEnumerable<ICommitTarget> Targets => _offsets.Keys.Select(key => key.Target).Distinct();

    /// <inheritdoc />
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        var commits = _offsets
            .GroupBy(kv => kv.Key.Target)
            .Select(byTarget => byTarget.Key.CommitAsync(
                byTarget.ToDictionary(kv => kv.Key.Partition, kv => kv.Value.Next),
                byTarget.ToDictionary(kv => kv.Key.Partition, kv => kv.Value.AssignedAt),
                cancellationToken));
        await Task.WhenAll(commits).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => $"{BatchSize} offset(s): {string.Join(", ", Offsets.Select(kv => $"{kv.Key}@{kv.Value}"))}";

    /// <summary>Merges <paramref name="committable"/> into <paramref name="offsets"/>, keeping the newest offset per
    /// member and partition, and returns how many offsets it counts for. A partition assigned again in a later
    /// generation is newer whatever its offset: records read before the reassignment may have been re-read by another
    /// member meanwhile.</summary>
    internal static long Gather(Dictionary<(ICommitTarget, TopicPartition), (long Next, int AssignedAt)> offsets, ICommittable committable)
    {
        switch (committable)
        {
            case CommittableOffset single:
                Merge(offsets, (single.Target, single.Partition), (single.Offset + 1, single.AssignedAt));
                return 1;
            case CommittableOffsetBatch batch:
                foreach (var (key, value) in batch._offsets)
                    Merge(offsets, key, value);
                return batch.BatchSize;
            default:
                throw new ArgumentException($"{committable.GetType().Name} is not a Sluice committable offset.", nameof(committable));
        }
    }

    private static void Merge(Dictionary<(ICommitTarget, TopicPartition), (long Next, int AssignedAt)> offsets, (ICommitTarget, TopicPartition) key, (long Next, int AssignedAt) value)
    {
        if (!offsets.TryGetValue(key, out var held) || value.AssignedAt > held.AssignedAt || (value.AssignedAt == held.AssignedAt && value.Next > held.Next))
            offsets[key] = value;
    }
}
