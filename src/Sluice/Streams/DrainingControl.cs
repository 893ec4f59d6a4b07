namespace Sluice.Streams;

/// <summary>A consumer control paired with the completion of the stream it feeds, so both can be stopped in one call.</summary>
/// <typeparam name="T">What the stream completes with.</typeparam>
public sealed class DrainingControl<T>
{
    private DrainingControl(IConsumerControl control, Task<T> streamCompletion)
    {
        Control = control;
        StreamCompletion = streamCompletion;
    }

    /// <summary>The source's control.</summary>
    public IConsumerControl Control { get; }

    /// <summary>Completes when the stream does.</summary>
    public Task<T> StreamCompletion { get; }

    /// <summary>Pairs a control with its stream's completion; use as <c>Keep.Both</c>'s follow-up:
    /// <c>.ToMaterialized(sink, Keep.Both).MapMaterializedValue(DrainingControl&lt;Done&gt;.Create)</c>.</summary>
    public static DrainingControl<T> Create((IConsumerControl Control, Task<T> StreamCompletion) pair) => new(pair.Control, pair.StreamCompletion);

    /// <summary>Pairs a control with its stream's completion.</summary>
    public static DrainingControl<T> Create(IConsumerControl control, Task<T> streamCompletion) => new(control, streamCompletion);

    /// <summary>See <see cref="IConsumerControl.DrainAndShutdown{TResult}"/>.</summary>
    public Task<T> DrainAndShutdown() => Control.DrainAndShutdown(StreamCompletion);
}
