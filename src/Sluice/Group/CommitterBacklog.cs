namespace Sluice.Group;

/// <summary>
/// The offsets of one member's records that committer stages have gathered into a batch and not yet sent. Before
/// the member gives partitions up it takes those of the partitions concerned and commits them itself, while its
/// generation still lets it: the application has processed those records, and a batch that reached the member only
/// after the partitions moved would be left out (it would overwrite the new owner's progress), so the records would
/// be read again, by the new owner or, under an eager strategy, by the same member given them back.
/// </summary>
internal sealed class CommitterBacklog
{
    private readonly Dictionary<object, Func<IReadOnlyDictionary<TopicPartition, int>, IReadOnlyDictionary<TopicPartition, long>>> _committers = new();

    /// <summary>Registers a committer; <paramref name="take"/> removes and returns what it gathered of the given
    /// partitions, of those assigned in the given generation only.</summary>
    public void Register(object committer, Func<IReadOnlyDictionary<TopicPartition, int>, IReadOnlyDictionary<TopicPartition, long>> take)
    {
        lock (_committers)
            _committers[committer] = take;
    }

    /// <summary>How many committers are registered.</summary>
    public int Committers
    {
        get
        {
            lock (_committers)
                return _committers.Count;
        }
    }

    /// <summary>Forgets a committer that has stopped.</summary>
    public void Unregister(object committer)
    {
        lock (_committers)
            _committers.Remove(committer);
    }

    /// <summary>
    /// Takes from every committer the next offset to read of each partition in <paramref name="giving"/> (partition
    /// and the generation it was assigned in), for records read under that assignment; the highest where several
    /// committers hold one.
    /// </summary>
    public Dictionary<TopicPartition, long> Take(IReadOnlyDictionary<TopicPartition, int> giving)
    {
        Func<IReadOnlyDictionary<TopicPartition, int>, IReadOnlyDictionary<TopicPartition, long>>[] committers;
        lock (_committers)
            committers = _committers.Values.ToArray();
        var taken = new Dictionary<TopicPartition, long>();
        if (giving.Count == 0)
            return taken;
        foreach (var take in committers)
        {
            foreach (var (partition, next) in take(giving))
            {
                if (!taken.TryGetValue(partition, out var other) || next > other)
                    taken[partition] = next;
            }
        }

        return taken;
    }
}
