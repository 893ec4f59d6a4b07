using Akka.Streams;
using Akka.Streams.Stage;
using Sluice.Protocol.Records;

namespace Sluice.Benchmarks.Consumers;

/// <summary>
/// <c>Sink.Ignore</c> that counts: it takes records until it has <see cref="Count"/> of them, noting value bytes and
/// the times of the first and the last, then cancels upstream. One stage instead of a counting <c>Select</c>,
/// <c>Take</c> and <c>Sink.Ignore</c>, so what the benchmark adds to the stream is as little as the issue's
/// "PlainSource → Sink.Ignore" allows while still knowing when N records arrived.
/// </summary>
internal sealed class CountingSink : GraphStageWithMaterializedValue<SinkShape<ConsumedRecord>, Task>
{
    private readonly Tally _tally;

    /// <summary>Counts into <paramref name="tally"/>, which the caller reads once the materialized task completes.</summary>
    public CountingSink(long count, Tally tally)
    {
        Count = count;
        _tally = tally;
        Shape = new SinkShape<ConsumedRecord>(In);
    }

    public long Count { get; }

    public Inlet<ConsumedRecord> In { get; } = new("counting.in");

    public override SinkShape<ConsumedRecord> Shape { get; }

    public override ILogicAndMaterializedValue<Task> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new LogicAndMaterializedValue<Task>(new Logic(this, done), done.Task);
    }

    /// <summary>What was counted.</summary>
    public sealed class Tally
    {
        public long Records { get; set; }

        public long Bytes { get; set; }

        public double FirstMs { get; set; }

        public double LastMs { get; set; }
    }

    private sealed class Logic : InGraphStageLogic
    {
        private readonly CountingSink _stage;
        private readonly TaskCompletionSource _done;
        private readonly Tally _tally;

        public Logic(CountingSink stage, TaskCompletionSource done)
            : base(stage.Shape)
        {
            _stage = stage;
            _done = done;
            _tally = stage._tally;
            SetHandler(stage.In, this);
        }

        public override void PreStart() => Pull(_stage.In);

        public override void OnPush()
        {
            var record = Grab(_stage.In);
            var seen = ++_tally.Records;
            if (seen == 1)
                _tally.FirstMs = Clock.NowMs();
            _tally.Bytes += record.Value?.Length ?? 0;
            if (seen < _stage.Count)
            {
                Pull(_stage.In);
                return;
            }

            _tally.LastMs = Clock.NowMs();
            _done.TrySetResult();
            CompleteStage();
        }

        public override void OnUpstreamFinish()
        {
            _done.TrySetResult();
            CompleteStage();
        }

        public override void OnUpstreamFailure(Exception e)
        {
            _done.TrySetException(e);
            FailStage(e);
        }
    }
}
