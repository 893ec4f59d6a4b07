using Akka.Streams;
using Akka.Streams.Stage;

namespace Sluice.Streams.Stages;

/// <summary>
/// Gathers committables into batches of up to <c>max-batch</c> elements, or whatever arrived within
/// <c>max-interval</c>, as <c>GroupedWithin</c> would, but keeps what it gathered where the members that read the
/// records can take it (<see cref="GatheredOffsets"/>): a member giving partitions up commits their gathered offsets
/// itself before they move, instead of the batch arriving too late to be committed.
/// </summary>
internal sealed class CommitBatchStage : GraphStage<FlowShape<ICommittable, CommittableOffsetBatch>>
{
    private readonly int _maxBatch;
    private readonly TimeSpan _maxInterval;

    public CommitBatchStage(int maxBatch, TimeSpan maxInterval)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBatch);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxInterval, TimeSpan.Zero);
        _maxBatch = maxBatch;
        _maxInterval = maxInterval;
        Shape = new FlowShape<ICommittable, CommittableOffsetBatch>(In, Out);
    }

    public Inlet<ICommittable> In { get; } = new("sluice.committer.in");

    public Outlet<CommittableOffsetBatch> Out { get; } = new("sluice.committer.out");

    public override FlowShape<ICommittable, CommittableOffsetBatch> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("sluice-commit-batch");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : TimerGraphStageLogic
    {
        private const string IntervalTimer = "interval";
        private readonly CommitBatchStage _stage;
        private readonly GatheredOffsets _gathered = new();
        private int _count;
        private bool _emitWhenPulled;

        public Logic(CommitBatchStage stage)
            : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.In, onPush: OnPush, onUpstreamFinish: OnUpstreamFinish);
            SetHandler(stage.Out, onPull: OnPull);
        }

        public override void PreStart()
        {
            ScheduleRepeatedly(IntervalTimer, _stage._maxInterval);
            Pull(_stage.In);
        }

        public override void PostStop() => _gathered.Close();

        protected override void OnTimer(object timerKey)
        {
            if (_count > 0)
                EmitOrWait();
        }

        private void OnPush()
        {
            _gathered.Add(Grab(_stage.In));
            if (++_count < _stage._maxBatch)
            {
                Pull(_stage.In);
                return;
            }

            // Full: the next element waits until the batch has gone.
            EmitOrWait();
        }

        private void EmitOrWait()
        {
            if (IsAvailable(_stage.Out))
                EmitBatch();
            else
                _emitWhenPulled = true;
        }

        private void OnPull()
        {
            if (_emitWhenPulled)
                EmitBatch();
        }

        private void OnUpstreamFinish()
        {
            CancelTimer(IntervalTimer);
            _count = 0;
            if (_gathered.Drain() is { } last)
                Emit(_stage.Out, last, CompleteStage);
            else
                CompleteStage();
        }

        private void EmitBatch()
        {
            var batch = _gathered.Drain();
            _count = 0;
            _emitWhenPulled = false;
            ScheduleRepeatedly(IntervalTimer, _stage._maxInterval);
            if (batch is not null)
                Push(_stage.Out, batch);
            if (!HasBeenPulled(_stage.In) && !IsClosed(_stage.In))
                Pull(_stage.In);
        }
    }
}
