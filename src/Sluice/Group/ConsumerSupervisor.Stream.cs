using Akka.Actor;
using Akka.Event;
using Sluice.Fetch;

namespace Sluice.Group;

// A stream attached to the member buffers records it has taken from the reader but not emitted yet. Before the
// reader gives partitions up, the stream is asked to release them: it drops what it buffered of them, stops
// emitting them, and says how far it got. That position, not what the reader handed out, is what the revoke
// commits, so a plain stream neither loses nor repeats records across a rebalance.
internal sealed partial class ConsumerSupervisor
{
    private static readonly TimeSpan ReleasePatience = TimeSpan.FromSeconds(10);
    private readonly Dictionary<TopicPartition, int> _assignedAt = new();
    private IActorRef? _stream;
    private PendingRelease? _pendingRelease;
    private long _nextReleaseId;

    private IReadOnlyDictionary<TopicPartition, int> AssignedAtSnapshot() => new Dictionary<TopicPartition, int>(_assignedAt);

    private OffsetCommitter.Membership CurrentMembership() => new(_generationId, _memberId, _settings.GroupInstanceId, AssignedAtSnapshot());

    private void OnAttachStream(AttachStream attach)
    {
        _stream = attach.Stream;
        Context.Watch(attach.Stream);
        if (_assignedAt.Count > 0)
            attach.Stream.Tell(new StreamAssigned(AssignedAtSnapshot()));
    }

    private void OnDetachStream(DetachStream detach)
    {
        if (_stream is null)
            return;
        Context.Unwatch(_stream);
        _stream = null;
        if (detach.Emitted.Count > 0)
            _reader.Tell(new PartitionReader.ReportEmitted(detach.Emitted));
        if (_pendingRelease is { } pending)
            FinishRelease(pending, detach.Emitted);
    }

    private void RevokeFromReader(IReadOnlyCollection<TopicPartition> partitions)
    {
        if (_stream is null || partitions.Count == 0)
        {
            _reader.Tell(new PartitionReader.Revoke(partitions));
            return;
        }

        var pending = new PendingRelease(++_nextReleaseId, partitions);
        _pendingRelease = pending;
        _stream.Tell(new ReleasePartitions(pending.Id, partitions));
        Timers.StartSingleTimer(nameof(ReleaseTimedOut), new ReleaseTimedOut(pending.Id), ReleasePatience);
    }

    private void OnPartitionsReleased(PartitionsReleased released)
    {
        if (_pendingRelease is { } pending && pending.Id == released.Id)
            FinishRelease(pending, released.Emitted);
    }

    // A stream that cannot answer (its thread is blocked by the application) has reported its positions with each
    // poll; those are never ahead of what it emitted, so going on without its answer can only repeat records.
    private void OnReleaseTimedOut(ReleaseTimedOut timedOut)
    {
        if (_pendingRelease is not { } pending || pending.Id != timedOut.Id)
            return;
        _log.Warning("Group {0}: the stream did not release {1} partition(s) within {2}; revoking with its last reported positions",
            _settings.GroupId, pending.Partitions.Count, ReleasePatience);
        FinishRelease(pending, new Dictionary<TopicPartition, long>());
    }

    private void FinishRelease(PendingRelease pending, IReadOnlyDictionary<TopicPartition, long> emitted)
    {
        _pendingRelease = null;
        Timers.Cancel(nameof(ReleaseTimedOut));
        _reader.Tell(new PartitionReader.Revoke(pending.Partitions, emitted));
    }

    /// <summary>Attaches a stream: it hears of assignments (<see cref="StreamAssigned"/>) and is asked to release
    /// partitions before they are revoked (<see cref="ReleasePartitions"/>).</summary>
    public sealed record AttachStream(IActorRef Stream);

    /// <summary>The stream has stopped; <paramref name="Emitted"/> is the next offset it had not emitted, per partition.</summary>
    public sealed record DetachStream(IReadOnlyDictionary<TopicPartition, long> Emitted);

    /// <summary>To the stream: the partitions the member holds now, with the generation each was assigned in.</summary>
    public sealed record StreamAssigned(IReadOnlyDictionary<TopicPartition, int> AssignedAt);

    /// <summary>To the stream: drop and stop emitting these partitions, then answer <see cref="PartitionsReleased"/>.</summary>
    public sealed record ReleasePartitions(long Id, IReadOnlyCollection<TopicPartition> Partitions);

    /// <summary>From the stream: released; <paramref name="Emitted"/> is the next offset it had not emitted, per partition.</summary>
    public sealed record PartitionsReleased(long Id, IReadOnlyDictionary<TopicPartition, long> Emitted);

    /// <summary>To the stream: these partitions are gone without a handshake (the member failed).</summary>
    public sealed record StreamReleased(IReadOnlyCollection<TopicPartition> Partitions);

    private sealed record PendingRelease(long Id, IReadOnlyCollection<TopicPartition> Partitions);

    private sealed record ReleaseTimedOut(long Id);
}
