using Akka.Actor;
using Akka.Util;
using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.Serialization;
using Sluice.Settings;

namespace Sluice.Streams.Stages;

/// <summary>
/// One materialization of a committable assigned source: a <see cref="StaticAssignmentConsumer"/> reading the
/// partitions, and the <see cref="AssignedCommitTarget"/> their offsets are committed to, sharing one view of the
/// cluster. Stopping stops the reading at once and leaves the target open for <c>stop-timeout</c>.
/// </summary>
internal sealed class CommittableAssignment
{
    private readonly StaticAssignmentConsumer _consumer;
    private readonly AssignedCommitTarget _target;
    private readonly ConsumerSettings _settings;
    private readonly IScheduler _scheduler;

    private CommittableAssignment(StaticAssignmentConsumer consumer, AssignedCommitTarget target, ConsumerSettings settings, IScheduler scheduler)
    {
        _consumer = consumer;
        _target = target;
        _settings = settings;
        _scheduler = scheduler;
    }

    public static async Task<CommittableAssignment> StartAsync(ActorSystem system, ConsumerSettings settings, IReadOnlyDictionary<TopicPartition, StartPosition> assignment)
    {
        var metadata = ClusterMetadata.Create(settings.BootstrapServers, settings.Connection.WithClientId(settings.ClientId), LegacyBrokers.For(system));
        StaticAssignmentConsumer consumer;
        try
        {
            consumer = await StaticAssignmentConsumer.StartAsync(system, metadata, assignment, settings.ToFetchSettings()).ConfigureAwait(false);
        }
        catch
        {
            await metadata.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new CommittableAssignment(consumer, new AssignedCommitTarget(system, metadata, settings), settings, system.Scheduler);
    }

    // A static assignment has one "generation", so every offset carries the same.
    public async Task<Option<IReadOnlyList<CommittableMessage>>> NextAsync()
    {
        var records = await _consumer.NextRecordsAsync(_settings.MaxPollRecords).ConfigureAwait(false);
        return Option<IReadOnlyList<CommittableMessage>>.Create(
            records.Select(r => new CommittableMessage(r, new CommittableOffset(_target, RecordPartitions.Of(r), r.Offset, 0))).ToList());
    }

    public async Task StopAsync()
    {
        await _consumer.DisposeAsync().ConfigureAwait(false);
        await _target.CloseAfterAsync(_settings.StopTimeout, _scheduler).ConfigureAwait(false);
    }
}
