using Akka.Streams;
using Akka.Streams.Stage;

namespace Sluice.Benchmarks.Consumers;

/// <summary>
/// A pass-through that lets nothing through until <see cref="Open"/> is called: the group member behind it joins,
/// gets its partitions and pre-fetches, but emits nothing. Once open it only forwards pulls and pushes.
/// </summary>
internal sealed class GateStage<T> : GraphStage<FlowShape<T, T>>
{
    private readonly Task _open;

    public GateStage(Task open)
    {
        _open = open;
        Shape = new FlowShape<T, T>(In, Out);
    }

    public Inlet<T> In { get; } = new("gate.in");

    public Outlet<T> Out { get; } = new("gate.out");

    public override FlowShape<T, T> Shape { get; }

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly GateStage<T> _stage;
        private bool _open;

        public Logic(GateStage<T> stage)
            : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        public override void PreStart()
        {
            var opened = GetAsyncCallback(() =>
            {
                _open = true;
                if (IsAvailable(_stage.Out) && !HasBeenPulled(_stage.In))
                    Pull(_stage.In);
            });
            _stage._open.ContinueWith(_ => opened(), TaskScheduler.Default);
        }

        public override void OnPush() => Push(_stage.Out, Grab(_stage.In));

        public override void OnPull()
        {
            if (_open)
                Pull(_stage.In);
        }
    }
}
