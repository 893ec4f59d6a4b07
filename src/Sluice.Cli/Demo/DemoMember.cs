using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Sluice.Cli.Hosting;
using Sluice.Fetch;
using Sluice.Group;
using Sluice.Settings;
using Sluice.Streams;

namespace Sluice.Cli.Demo;

/// <summary>
/// One member of the demo's group, in an actor system of its own: a committable source, a sink that writes every
/// record into the ledger, and a committer. It can be stopped gracefully (drain, commit, leave the group) or killed
/// (its actor system terminated: no commit, no LeaveGroup, so the group only notices at the session timeout).
/// </summary>
internal sealed class DemoMember
{
    private static readonly CommitterSettings CommitEvery = CommitterSettings.Default with { MaxBatch = 1000, MaxInterval = TimeSpan.FromSeconds(1) };
    private readonly ActorSystem _system;
    private readonly DrainingControl<Done> _control;
    private volatile DemoMemberLife _life = DemoMemberLife.Running;

    private DemoMember(string name, ActorSystem system, DrainingControl<Done> control)
    {
        Name = name;
        _system = system;
        _control = control;
    }

    /// <summary>member-1, member-2, ...</summary>
    public string Name { get; }

    /// <summary>Where it is in its life.</summary>
    public DemoMemberLife Life => _life;

    /// <summary>Starts a member named <paramref name="name"/> that starts partitions without a committed offset at
    /// <paramref name="startOffsets"/> (where the run began).</summary>
    public static DemoMember Start(string name, ConsumerSettings settings, DemoLedger ledger, IReadOnlyDictionary<int, long> startOffsets, bool verbose)
    {
        var system = CliActorSystem.Create(name, verbose);
        var control = KafkaConsumer.CommittableSource(settings.WithClientId(name), new StartWhereTheRunBegan(startOffsets))
            .Select(message =>
            {
                ledger.Delivered(name, message.Record);
                return (ICommittable)message.CommittableOffset;
            })
            .Via(Committer.BatchFlow(CommitEvery))
            .Select(batch =>
            {
                ledger.Committed(name, batch.Offsets);
                return Done.Instance;
            })
            .ToMaterialized(Sink.Ignore<Done>(), Keep.Both)
            .MapMaterializedValue(DrainingControl<Done>.Create)
            .Run(system.Materializer());
        return new DemoMember(name, system, control);
    }

    /// <summary>Its membership and what it holds, or null when it is not running or does not answer in time.</summary>
    public async Task<DemoMemberStatus?> StatusAsync(CancellationToken cancellationToken)
    {
        if (_life != DemoMemberLife.Running)
            return null;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            var member = await _control.Control.GetMemberStatusAsync(patience.Token).ConfigureAwait(false);
            var partitions = await _control.Control.GetPartitionStatusAsync(patience.Token).ConfigureAwait(false);
            var lag = partitions.Where(p => p.Lag >= 0).Sum(p => p.Lag);
            return new DemoMemberStatus(member.State, member.GenerationId, member.Assignment.Select(p => p.Partition).Order().ToList(), lag);
        }
        catch (Exception e) when (e is OperationCanceledException or AskTimeoutException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Fails when the member's stream failed (it could not stay in the group).</summary>
    public Task Completion => _control.StreamCompletion;

    /// <summary>Stops emitting, commits what was processed, leaves the group at once, and ends its actor system.</summary>
    public async Task StopGracefullyAsync()
    {
        if (_life != DemoMemberLife.Running)
            return;
        _life = DemoMemberLife.Stopping;
        try
        {
            await _control.DrainAndShutdown().ConfigureAwait(false);
        }
        finally
        {
            _life = DemoMemberLife.Stopped;
            await _system.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>Ends its actor system at once: nothing more is processed or committed, and it does not leave the group.</summary>
    public async Task KillAsync()
    {
        if (_life is DemoMemberLife.Stopped or DemoMemberLife.Killed)
            return;
        _life = DemoMemberLife.Killed;
        await _system.Terminate().ConfigureAwait(false);
    }

    // The topic may hold older records (a real cluster); the run's records start at the offsets read before it began.
    private sealed class StartWhereTheRunBegan(IReadOnlyDictionary<int, long> startOffsets) : IPartitionEventHandler
    {
        public IReadOnlyDictionary<TopicPartition, StartPosition>? OnAssigned(IReadOnlyDictionary<TopicPartition, long> assigned, IReadOnlyDictionary<TopicPartition, long> previous) =>
            assigned.Where(p => p.Value < 0 && startOffsets.ContainsKey(p.Key.Partition))
                .ToDictionary(p => p.Key, p => StartPosition.AtOffset(startOffsets[p.Key.Partition]));
    }
}
