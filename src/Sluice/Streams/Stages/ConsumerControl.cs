using System.Threading.Channels;
using Akka.Actor;
using Sluice.Fetch;
using Sluice.Group;

namespace Sluice.Streams.Stages;

/// <summary>
/// The materialized control of a consumer source. It is created before the stage starts, so requests that come
/// early are remembered until the stage binds itself.
/// </summary>
internal sealed class ConsumerControl : IConsumerControl
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource _sourceStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<GroupEvent> _events = Channel.CreateBounded<GroupEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
    private ConsumerMember? _member;
    private Action? _stopStage;
    private bool _stopRequested;
    private int _shuttingDown;

    public Task IsShutdown => _shutdown.Task;

    public ChannelReader<GroupEvent> Events => _events.Reader;

    /// <summary>Called by the stage once it runs: how to reach its member and how to stop it from outside.</summary>
    public void Bind(ConsumerMember member, Action stopStage)
    {
        bool stopNow;
        lock (_gate)
        {
            _member = member;
            _stopStage = stopStage;
            stopNow = _stopRequested;
        }

        if (stopNow)
            stopStage();
    }

    public void Publish(GroupEvent groupEvent) => _events.Writer.TryWrite(groupEvent);

    /// <summary>Called by the stage when it has stopped; a failed stream takes its member down at once, a completed
    /// one keeps it for commits until shut down or the stop timeout passes.</summary>
    public void SourceStopped(Exception? failure, ActorSystem system)
    {
        _sourceStopped.TrySetResult();
        var member = _member;
        if (member is null)
        {
            _shutdown.TrySetResult();
            _events.Writer.TryComplete();
            return;
        }

        if (failure is not null || member.Settings.StopTimeout == TimeSpan.Zero)
            _ = Shutdown();
        else
            system.Scheduler.Advanced.ScheduleOnce(member.Settings.StopTimeout, () => _ = Shutdown());
    }

    public Task Stop()
    {
        Action? stop;
        lock (_gate)
        {
            _stopRequested = true;
            stop = _stopStage;
        }

        stop?.Invoke();
        return _sourceStopped.Task;
    }

    public async Task Shutdown()
    {
        if (Interlocked.Exchange(ref _shuttingDown, 1) == 1)
        {
            await _shutdown.Task.ConfigureAwait(false);
            return;
        }

        try
        {
            await Stop().ConfigureAwait(false);
            if (_member is { } member)
                await member.DisposeAsync().ConfigureAwait(false);
            _shutdown.TrySetResult();
        }
        catch (Exception e)
        {
            _shutdown.TrySetException(e);
            throw;
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async Task<T> DrainAndShutdown<T>(Task<T> streamCompletion)
    {
        ArgumentNullException.ThrowIfNull(streamCompletion);
        await Stop().ConfigureAwait(false);
        T result;
        try
        {
            result = await streamCompletion.ConfigureAwait(false);
        }
        catch
        {
            await Shutdown().ConfigureAwait(false);
            throw;
        }

        await Shutdown().ConfigureAwait(false);
        return result;
    }

    public Task<MemberStatus> GetMemberStatusAsync(CancellationToken cancellationToken = default) => Member.GetStateAsync(cancellationToken);

    public Task<IReadOnlyList<PartitionStatus>> GetPartitionStatusAsync(CancellationToken cancellationToken = default) => Member.GetStatusAsync(cancellationToken);

    private ConsumerMember Member => _member ?? throw new InvalidOperationException("The source has not been materialized and started yet.");
}
