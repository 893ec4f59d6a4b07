using Sluice.Group;

namespace Sluice.Streams.Stages;

/// <summary>
/// The offsets one committer stage has gathered for its next batch. The stage adds and drains them; the members whose
/// records they are of may take, from their own threads, those of partitions they are giving up
/// (<see cref="CommitterBacklog"/>), so a batch never carries an offset its member already committed that way.
/// </summary>
internal sealed class GatheredOffsets
{
    private readonly object _gate = new();
    private readonly HashSet<ICommitTarget> _targets = [];
    private ICommitTarget? _lastTarget;
    private Dictionary<(ICommitTarget Target, TopicPartition Partition), (long Next, int AssignedAt)> _offsets = new();
    private long _size;

    /// <summary>Adds a committable, making its members aware of this stage the first time they are seen.</summary>
    public void Add(ICommittable committable)
    {
        lock (_gate)
            _size += CommittableOffsetBatch.Gather(_offsets, committable);
        switch (committable)
        {
            case CommittableOffset single:
                Register(single.Target);
                break;
            case CommittableOffsetBatch batch:
                foreach (var target in batch.Targets)
                    Register(target);
                break;
        }
    }

    /// <summary>Everything gathered since the last drain as one batch, or null when members took it all.</summary>
    public CommittableOffsetBatch? Drain()
    {
        lock (_gate)
        {
            var batch = new CommittableOffsetBatch(_offsets, _size);
            _offsets = new Dictionary<(ICommitTarget, TopicPartition), (long, int)>();
            _size = 0;
            return batch.IsEmpty ? null : batch;
        }
    }

    /// <summary>The stage has stopped: its members no longer look here.</summary>
    public void Close()
    {
        foreach (var target in _targets)
            target.Backlog.Unregister(this);
        _targets.Clear();
        _lastTarget = null;
    }

    private void Register(ICommitTarget target)
    {
        if (ReferenceEquals(target, _lastTarget))
            return;
        _lastTarget = target;
        if (_targets.Add(target))
            RegisterWith(target);
    }

    // Apart from Register, whose every call would otherwise allocate the lambda's closure.
    private void RegisterWith(ICommitTarget target) => target.Backlog.Register(this, giving => Take(target, giving));

    // Offsets of an earlier assignment of a partition being given up would be left out of any later commit anyway,
    // so they go too; only those of the current one are worth committing.
    private Dictionary<TopicPartition, long> Take(ICommitTarget target, IReadOnlyDictionary<TopicPartition, int> giving)
    {
        var taken = new Dictionary<TopicPartition, long>();
        lock (_gate)
        {
            foreach (var (partition, assignedAt) in giving)
            {
                if (_offsets.Remove((target, partition), out var held) && held.AssignedAt == assignedAt)
                    taken[partition] = held.Next;
            }
        }

        return taken;
    }
}
