using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Stage;
using Sluice.Fetch;
using Sluice.Protocol.Records;
using Sluice.Settings;

namespace Sluice.Streams.Stages;

/// <summary>
/// A source of sub-sources, one per held partition: a partition's sub-source opens when it is assigned and
/// completes when it is revoked or lost. Each sub-source polls for its own partition on its own demand, so a
/// slow partition holds back only itself. A sub-source that is cancelled while the partition is still held is
/// replaced by a new one, starting at the first record the old one did not emit.
/// </summary>
internal sealed class PartitionedSourceStage<TOut> : GraphStageWithMaterializedValue<SourceShape<(TopicPartition Partition, Source<TOut, NotUsed> Records)>, IConsumerControl>
{
    private readonly ConsumerSettings _settings;
    private readonly IPartitionEventHandler? _handler;
    private readonly Emission<TOut> _emission;

    public PartitionedSourceStage(ConsumerSettings settings, IPartitionEventHandler? handler, Emission<TOut> emission)
    {
        _settings = settings;
        _handler = handler;
        _emission = emission;
        Shape = new SourceShape<(TopicPartition, Source<TOut, NotUsed>)>(Out);
    }

    public Outlet<(TopicPartition Partition, Source<TOut, NotUsed> Records)> Out { get; } = new("sluice.partitioned.out");

    public override SourceShape<(TopicPartition Partition, Source<TOut, NotUsed> Records)> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("sluice-partitioned-source");

    public override ILogicAndMaterializedValue<IConsumerControl> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var control = new ConsumerControl();
        return new LogicAndMaterializedValue<IConsumerControl>(new Logic(this, control), control);
    }

    private sealed class Logic : ConsumerStageLogic
    {
        private readonly PartitionedSourceStage<TOut> _stage;
        private readonly Dictionary<TopicPartition, SubPartition> _subs = new();
        private readonly Queue<(TopicPartition, Source<TOut, NotUsed>)> _opened = new();

        public Logic(PartitionedSourceStage<TOut> stage, ConsumerControl control)
            : base(stage.Shape, stage._settings, stage._handler, control)
        {
            _stage = stage;
            SetHandler(stage.Out, onPull: EmitOpened, onDownstreamFinish: _ => StopEmitting());
        }

        protected override void StopEmitting()
        {
            foreach (var sub in _subs.Values.Where(s => !s.Cancelled))
                sub.Outlet.Complete();
            _subs.Clear();
            CompleteStage();
        }

        protected override void OnStarted()
        {
            foreach (var (partition, sub) in _subs)
                Deliver(partition, sub);
        }

        protected override void OnAssigned()
        {
            foreach (var partition in Owned.Keys.Where(p => !_subs.ContainsKey(p)).OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition))
                Open(partition);
        }

        protected override void OnPolled(TopicPartition? partition, IReadOnlyList<ConsumedRecord> records)
        {
            if (partition is not { } polled || !_subs.TryGetValue(polled, out var sub))
                return;
            sub.Polling = false;
            foreach (var record in records)
            {
                if (Holds(record))
                    sub.Buffer.Enqueue(record);
            }

            if (sub.Cancelled)
                Reopen(polled, sub);
            else
                Deliver(polled, sub);
        }

        protected override void OnReleased(IReadOnlyCollection<TopicPartition> partitions)
        {
            foreach (var partition in partitions)
            {
                if (_subs.Remove(partition, out var sub) && !sub.Cancelled)
                    sub.Outlet.Complete();
            }
        }

        private void Open(TopicPartition partition)
        {
            var outlet = new SubSourceOutlet<TOut>(this, $"sluice-{partition.Topic}-{partition.Partition}");
            var sub = new SubPartition(outlet);
            outlet.SetHandler(new LambdaOutHandler(
                onPull: () => Deliver(partition, sub),
                onDownstreamFinish: _ => OnCancelled(partition, sub)));
            _subs[partition] = sub;
            _opened.Enqueue((partition, Source.FromGraph(outlet.Source)));
            EmitOpened();
        }

        private void EmitOpened()
        {
            if (IsAvailable(_stage.Out) && _opened.TryDequeue(out var next))
                Push(_stage.Out, next);
        }

        private void Deliver(TopicPartition partition, SubPartition sub)
        {
            if (sub.Cancelled)
                return;
            if (sub.Outlet.IsAvailable && sub.Buffer.Count > 0)
                sub.Outlet.Push(Next(sub.Buffer, _stage._emission));

            if (ShouldPoll(sub.Buffer.Count, sub.Outlet.IsAvailable, sub.Polling))
            {
                sub.Polling = true;
                Poll(partition);
            }
        }

        // Waits for a poll in flight to come back first: only then is it certain which records the old sub-source
        // took and did not emit, and the partition can be moved back to the first of them.
        private void OnCancelled(TopicPartition partition, SubPartition sub)
        {
            sub.Cancelled = true;
            if (!sub.Polling)
                Reopen(partition, sub);
        }

        private void Reopen(TopicPartition partition, SubPartition sub)
        {
            if (sub.Buffer.Count > 0)
                Member.Supervisor.Tell(new PartitionReader.Seek(partition, StartPosition.AtOffset(sub.Buffer.Peek().Offset)), ActorRefs.NoSender);
            _subs.Remove(partition);
            if (Owned.ContainsKey(partition))
                Open(partition);
        }

        private sealed class SubPartition(SubSourceOutlet<TOut> outlet)
        {
            public SubSourceOutlet<TOut> Outlet { get; } = outlet;

            public Queue<ConsumedRecord> Buffer { get; } = new();

            public bool Polling { get; set; }

            public bool Cancelled { get; set; }
        }
    }
}
