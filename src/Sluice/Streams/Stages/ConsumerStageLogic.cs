using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Stage;
using Sluice.Fetch;
using Sluice.Group;
using Sluice.Protocol.Records;
using Sluice.Settings;

namespace Sluice.Streams.Stages;

/// <summary>
/// What every consumer source does: start a group member, attach to it, poll it on demand, track what was emitted,
/// and answer the member's requests to release partitions before they are revoked. Subclasses decide how records
/// reach their outlets.
/// </summary>
internal abstract class ConsumerStageLogic : GraphStageLogic, IOffsetSource
{
    // A poll waits this long at the member for the first record before coming back empty, and is sent again.
    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(1);
    private readonly ConsumerSettings _settings;
    private readonly IPartitionEventHandler? _handler;
    private readonly Dictionary<TopicPartition, EmittedPosition> _emitted = new();
    private Exception? _failure;
    private ActorSystem _system = null!;
    private EmittedPosition? _lastEmitted;
    private string? _heldTopic;
    private int _heldPartition = -1;
    private bool _held;

    protected ConsumerStageLogic(Shape shape, ConsumerSettings settings, IPartitionEventHandler? handler, ConsumerControl control)
        : base(shape)
    {
        _settings = settings;
        _handler = handler;
        Control = control;
    }

    protected ConsumerControl Control { get; }

    protected ConsumerMember Member { get; private set; } = null!;

    protected StageActor Self { get; private set; } = null!;

    protected bool Started { get; private set; }

    /// <summary>The partitions held now and the generation each was assigned in.</summary>
    protected Dictionary<TopicPartition, int> Owned { get; } = new();

    protected int MaxPollRecords => _settings.MaxPollRecords;

    public override void PreStart()
    {
        _system = MaterializerSystem.Of(Materializer);
        var system = _system;
        Self = GetStageActor(OnMessage);
        PostRebalanceCallback? callback = _handler is null ? null : (previous, assigned) => _handler.OnAssigned(assigned, previous);
        Member = ConsumerMember.Create(system, _settings, callback, customAssignors: null, "sluice-stream");
        Member.Supervisor.Tell(new ConsumerSupervisor.AttachStream(Self.Ref));
        Member.Supervisor.Tell(new ConsumerSupervisor.Subscribe(Self.Ref));
        Member.Supervisor.Tell(ConsumerSupervisor.Start.Instance, Self.Ref);
        Control.Bind(Member, GetAsyncCallback(StopEmitting));
    }

    public override void PostStop()
    {
        if (Member is not null)
        {
            Member.Supervisor.Tell(new ConsumerSupervisor.DetachStream(EmittedPositions()));
            Control.SourceStopped(_failure, _system);
        }
    }

    /// <summary>Completes every outlet; the member stays for commits.</summary>
    protected abstract void StopEmitting();

    /// <summary>The member is in the group; demand can be served.</summary>
    protected abstract void OnStarted();

    /// <summary>Records polled for <paramref name="partition"/> (null: any partition), only of held partitions.</summary>
    protected abstract void OnPolled(TopicPartition? partition, IReadOnlyList<ConsumedRecord> records);

    /// <summary>The member holds <see cref="Owned"/> now, including partitions new to it.</summary>
    protected abstract void OnAssigned();

    /// <summary>Drop everything of these partitions and emit nothing more of them.</summary>
    protected abstract void OnReleased(IReadOnlyCollection<TopicPartition> partitions);

    protected void Fail(Exception error)
    {
        _failure = error;
        FailStage(error);
    }

    /// <summary>Asks the member for records (of one partition, or of any), reporting what was emitted so far.</summary>
    protected void Poll(TopicPartition? partition) =>
        Member.Supervisor.Tell(new PartitionReader.Poll(MaxPollRecords, PollWait, partition, EmittedPositions()), Self.Ref);

    /// <summary>Records that <paramref name="record"/> has been emitted; commits and revocations count from here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected void MarkEmitted(ConsumedRecord record)
    {
        // Records of one partition come in runs: the position of the last one is kept at hand, so a record costs no
        // hash of its topic.
        var last = _lastEmitted;
        if (last is null || record.Partition != last.Partition.Partition || !ReferenceEquals(record.Topic, last.Partition.Topic))
        {
            var partition = new TopicPartition(record.Topic, record.Partition);
            if (!_emitted.TryGetValue(partition, out last))
                _emitted[partition] = last = new EmittedPosition(partition);
            _lastEmitted = last;
        }

        last.Next = record.Offset + 1;
    }

    /// <summary>The next element from <paramref name="buffer"/> (not empty): one record, or all of them as a chunk;
    /// what it holds counts as emitted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected TOut Next<TOut>(Queue<ConsumedRecord> buffer, Emission<TOut> emission)
    {
        if (!emission.Chunked)
        {
            var record = buffer.Dequeue();
            MarkEmitted(record);
            return emission.One(record, this);
        }

        var chunk = buffer.ToList();
        buffer.Clear();
        foreach (var record in chunk)
            MarkEmitted(record);
        return emission.Chunk(chunk, this);
    }

    /// <summary>
    /// Whether to ask for more now: a source keeps about one poll of its own, and asks for the next while the current
    /// one is still being emitted, so downstream rarely waits for a poll, and never asks without demand and nothing
    /// buffered.
    /// </summary>
    protected bool ShouldPoll(int buffered, bool demand, bool polling) =>
        Started && !polling && buffered <= MaxPollRecords / 2 && (buffered > 0 || demand);

    /// <summary>The committable offset of a record about to be emitted.</summary>
    public CommittableOffset Offset(ConsumedRecord record)
    {
        var partition = Serialization.RecordPartitions.Of(record);
        return new CommittableOffset(Member, partition, record.Offset, Owned.TryGetValue(partition, out var generation) ? generation : -1);
    }

    protected bool Holds(ConsumedRecord record)
    {
        if (record.Partition != _heldPartition || !ReferenceEquals(record.Topic, _heldTopic))
        {
            _heldTopic = record.Topic;
            _heldPartition = record.Partition;
            _held = Owned.ContainsKey(new TopicPartition(record.Topic, record.Partition));
        }

        return _held;
    }

    private Dictionary<TopicPartition, long> EmittedPositions() => _emitted.Values.ToDictionary(e => e.Partition, e => e.Next);

    // Owned changed: what Holds remembered may be wrong now.
    private void ForgetHeld() => _heldTopic = null;

    private void OnMessage((IActorRef Sender, object Message) received)
    {
        switch (received.Message)
        {
            case PartitionReader.Polled polled:
                OnPolled(polled.Partition, polled.Records);
                break;
            case ConsumerSupervisor.Started:
                Started = true;
                OnStarted();
                break;
            case Status.Failure failure:
                Fail(failure.Cause);
                break;
            case ConsumerSupervisor.StreamAssigned assigned:
                Owned.Clear();
                foreach (var (partition, generation) in assigned.AssignedAt)
                    Owned[partition] = generation;
                ForgetHeld();
                OnAssigned();
                break;
            case ConsumerSupervisor.ReleasePartitions release:
                Release(release.Partitions);
                var positions = release.Partitions.Where(_emitted.ContainsKey).ToDictionary(p => p, p => _emitted[p].Next);
                foreach (var partition in release.Partitions)
                    _emitted.Remove(partition);
                _lastEmitted = null;
                received.Sender.Tell(new ConsumerSupervisor.PartitionsReleased(release.Id, positions));
                break;
            case ConsumerSupervisor.StreamReleased released:
                Release(released.Partitions);
                break;
            case GroupEvent groupEvent:
                OnGroupEvent(groupEvent);
                break;
        }
    }

    private void Release(IReadOnlyCollection<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
            Owned.Remove(partition);
        ForgetHeld();
        OnReleased(partitions);
    }

    private void OnGroupEvent(GroupEvent groupEvent)
    {
        Control.Publish(groupEvent);
        switch (groupEvent)
        {
            case GroupEvent.Revoked revoked:
                _handler?.OnRevoked(revoked.Partitions);
                break;
            case GroupEvent.Lost lost:
                _handler?.OnLost(lost.Partitions);
                break;
            case GroupEvent.Failed failed:
                Fail(failed.Error);
                break;
        }
    }

    // The next offset not emitted of one partition; a class, so the last one used is updated without a lookup.
    private sealed class EmittedPosition(TopicPartition partition)
    {
        public TopicPartition Partition { get; } = partition;

        public long Next { get; set; } = -1;
    }
}
