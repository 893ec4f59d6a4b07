using System.Runtime.CompilerServices;
using Akka.Streams;
using Akka.Streams.Stage;
using Sluice.Protocol.Records;
using Sluice.Settings;

namespace Sluice.Streams.Stages;

/// <summary>
/// A source of every held partition's records, one element per record or one per polled chunk. It keeps at most
/// about one poll's worth of records (<c>max-poll-records</c>) of its own, and asks for more only as that runs low,
/// so when downstream stops pulling the member's buffers fill to <c>queued-max-messages</c> and fetching stops.
/// </summary>
internal sealed class SourceStage<TOut> : GraphStageWithMaterializedValue<SourceShape<TOut>, IConsumerControl>
{
    private readonly ConsumerSettings _settings;
    private readonly IPartitionEventHandler? _handler;
    private readonly Emission<TOut> _emission;

    public SourceStage(ConsumerSettings settings, IPartitionEventHandler? handler, Emission<TOut> emission)
    {
        _settings = settings;
        _handler = handler;
        _emission = emission;
        Shape = new SourceShape<TOut>(Out);
    }

    public Outlet<TOut> Out { get; } = new("sluice.consumer.out");

    public override SourceShape<TOut> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("sluice-consumer-source");

    public override ILogicAndMaterializedValue<IConsumerControl> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var control = new ConsumerControl();
        return new LogicAndMaterializedValue<IConsumerControl>(new Logic(this, control), control);
    }

    private sealed class Logic : ConsumerStageLogic
    {
        private readonly SourceStage<TOut> _stage;
        private readonly Queue<ConsumedRecord> _buffer = new();
        private bool _polling;

        public Logic(SourceStage<TOut> stage, ConsumerControl control)
            : base(stage.Shape, stage._settings, stage._handler, control)
        {
            _stage = stage;
            SetHandler(stage.Out, onPull: Deliver, onDownstreamFinish: _ => CompleteStage());
        }

        protected override void StopEmitting() => CompleteStage();

        protected override void OnStarted() => Deliver();

        protected override void OnAssigned()
        {
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        protected override void OnPolled(TopicPartition? partition, IReadOnlyList<ConsumedRecord> records)
        {
            _polling = false;
            foreach (var record in records)
            {
                if (Holds(record))
                    _buffer.Enqueue(record);
            }

            Deliver();
        }

        protected override void OnReleased(IReadOnlyCollection<TopicPartition> partitions)
        {
            if (_buffer.Count == 0)
                return;
            var kept = _buffer.Where(Holds).ToList();
            _buffer.Clear();
            foreach (var record in kept)
                _buffer.Enqueue(record);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Deliver()
        {
            if (IsAvailable(_stage.Out) && _buffer.Count > 0)
                Push(_stage.Out, Next(_buffer, _stage._emission));

            if (ShouldPoll(_buffer.Count, IsAvailable(_stage.Out), _polling))
            {
                _polling = true;
                Poll(null);
            }
        }
    }
}
