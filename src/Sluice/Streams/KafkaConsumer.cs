using Akka;
using Akka.Streams.Dsl;
using Sluice.Protocol.Records;
using Sluice.Serialization;
using Sluice.Settings;
using Sluice.Streams.Stages;

namespace Sluice.Streams;

/// <summary>
/// Sources of records from a consumer group, with Akka.Streams.Kafka's names. Each materialization starts one group
/// member with the settings' group and topics; its <see cref="IConsumerControl"/> stops or shuts it
/// down. The member fails the source with <see cref="Group.RebalanceFailedException"/> when it cannot rejoin after
/// <c>rebalance-max-retries</c>; wrap the source in <c>RestartSource.OnFailuresWithBackoff</c> to come back.
/// </summary>
public static class KafkaConsumer
{
    /// <summary>
    /// Every record of the held partitions. Nothing is committed unless <c>auto-commit-enable</c> is on; then what
    /// was emitted is committed on the interval, before partitions are revoked and on shutdown.
    /// </summary>
    /// <param name="settings">Group, topics and tuning.</param>
    /// <param name="partitionEvents">Hears of assignments (and may move start positions), revocations and losses.</param>
    public static Source<ConsumedRecord, IConsumerControl> PlainSource(ConsumerSettings settings, IPartitionEventHandler? partitionEvents = null) =>
        Source.FromGraph(new SourceStage<ConsumedRecord>(Checked(settings), partitionEvents, Emission<ConsumedRecord>.PerRecord((record, _) => record)));

    /// <summary>Every record, deserialized; a record that cannot be deserialized fails the source with
    /// <see cref="DeserializationException"/> naming it.</summary>
    public static Source<ConsumeResult<TKey, TValue>, IConsumerControl> PlainSource<TKey, TValue>(
        ConsumerSettings settings, IDeserializer<TKey> keyDeserializer, IDeserializer<TValue> valueDeserializer, IPartitionEventHandler? partitionEvents = null)
    {
        ArgumentNullException.ThrowIfNull(keyDeserializer);
        ArgumentNullException.ThrowIfNull(valueDeserializer);
        return PlainSource(settings, partitionEvents).Select(record => ConsumeResult<TKey, TValue>.From(record, keyDeserializer, valueDeserializer));
    }

    /// <summary>
    /// Records in chunks of up to <c>max-poll-records</c> (whatever one poll returned), for consumers that work in
    /// batches: one element per chunk instead of per record. Commits as <see cref="PlainSource(ConsumerSettings, IPartitionEventHandler?)"/>.
    /// </summary>
    public static Source<IReadOnlyList<ConsumedRecord>, IConsumerControl> PlainBatchedSource(ConsumerSettings settings, IPartitionEventHandler? partitionEvents = null) =>
        Source.FromGraph(new SourceStage<IReadOnlyList<ConsumedRecord>>(Checked(settings), partitionEvents, Emission<IReadOnlyList<ConsumedRecord>>.PerChunk((records, _) => records)));

    /// <summary>
    /// Every record with the offset to commit once it is processed (through <see cref="Committer"/> or
    /// <see cref="ICommittable.CommitAsync"/>): at-least-once delivery. The member never commits on its own, whatever
    /// <c>auto-commit-enable</c> says.
    /// </summary>
    public static Source<CommittableMessage, IConsumerControl> CommittableSource(ConsumerSettings settings, IPartitionEventHandler? partitionEvents = null) =>
        Source.FromGraph(new SourceStage<CommittableMessage>(Committable(settings), partitionEvents, Emission<CommittableMessage>.PerRecord((record, offsets) => new CommittableMessage(record, offsets.Offset(record)))));

    /// <summary>Every record deserialized, with the offset to commit once it is processed.</summary>
    public static Source<CommittableMessage<TKey, TValue>, IConsumerControl> CommittableSource<TKey, TValue>(
        ConsumerSettings settings, IDeserializer<TKey> keyDeserializer, IDeserializer<TValue> valueDeserializer, IPartitionEventHandler? partitionEvents = null)
    {
        ArgumentNullException.ThrowIfNull(keyDeserializer);
        ArgumentNullException.ThrowIfNull(valueDeserializer);
        return CommittableSource(settings, partitionEvents)
            .Select(message => new CommittableMessage<TKey, TValue>(ConsumeResult<TKey, TValue>.From(message.Record, keyDeserializer, valueDeserializer), message.CommittableOffset));
    }

    /// <summary>Records in chunks, each with one committable for the whole chunk.</summary>
    public static Source<CommittableRecords, IConsumerControl> CommittableBatchedSource(ConsumerSettings settings, IPartitionEventHandler? partitionEvents = null) =>
        Source.FromGraph(new SourceStage<CommittableRecords>(Committable(settings), partitionEvents, Emission<CommittableRecords>.PerChunk(
            (records, offsets) => new CommittableRecords(records, CommittableOffsetBatch.Of(LastPerPartition(records).Select(offsets.Offset))))));

    /// <summary>Every record with its committable offset carried as the stream's context (for
    /// <see cref="Committer.SinkWithOffsetContext{E}"/> and <see cref="Committer.FlowWithOffsetContext{E}"/>).</summary>
    public static SourceWithContext<ConsumedRecord, ICommittableOffset, IConsumerControl> SourceWithOffsetContext(ConsumerSettings settings, IPartitionEventHandler? partitionEvents = null) =>
        CommittableSource(settings, partitionEvents)
            .AsSourceWithContext(message => message.CommittableOffset)
            .Select(message => message.Record);

    /// <summary>
    /// Commits each record's offset before emitting it: a record is never delivered twice, and may be lost if the
    /// application fails while processing it. One commit per record makes it slow; prefer the committable sources.
    /// </summary>
    public static Source<ConsumedRecord, IConsumerControl> AtMostOnceSource(ConsumerSettings settings, IPartitionEventHandler? partitionEvents = null) =>
        CommittableSource(settings, partitionEvents).SelectAsync(1, async message =>
        {
            await message.CommittableOffset.CommitAsync().ConfigureAwait(false);
            return message.Record;
        });

    /// <summary>
    /// One sub-source per held partition, opened when it is assigned and completed when it is revoked or lost.
    /// Commits as <see cref="PlainSource(ConsumerSettings, IPartitionEventHandler?)"/>.
    /// </summary>
    public static Source<(TopicPartition Partition, Source<ConsumedRecord, NotUsed> Records), IConsumerControl> PlainPartitionedSource(ConsumerSettings settings, IPartitionEventHandler? partitionEvents = null) =>
        Source.FromGraph(new PartitionedSourceStage<ConsumedRecord>(Checked(settings), partitionEvents, Emission<ConsumedRecord>.PerRecord((record, _) => record)));

    /// <summary>One sub-source of committable records per held partition (see <see cref="PlainPartitionedSource"/> and
    /// <see cref="CommittableSource(ConsumerSettings, IPartitionEventHandler?)"/>).</summary>
    public static Source<(TopicPartition Partition, Source<CommittableMessage, NotUsed> Records), IConsumerControl> CommittablePartitionedSource(ConsumerSettings settings, IPartitionEventHandler? partitionEvents = null) =>
        Source.FromGraph(new PartitionedSourceStage<CommittableMessage>(Committable(settings), partitionEvents, Emission<CommittableMessage>.PerRecord((record, offsets) => new CommittableMessage(record, offsets.Offset(record)))));

    /// <summary>
    /// Every record of fixed partitions from given start positions, without a consumer group (Akka.Streams.Kafka's
    /// <c>Subscriptions.Assignment</c> and <c>AssignmentWithOffset</c>): nothing joins, nothing is committed, and
    /// the settings' group and topics are not used. Each materialization starts a
    /// <see cref="Fetch.StaticAssignmentConsumer"/>, which the source stops when it completes, fails or is cancelled.
    /// A partition that cannot advance (a record too large, a corrupt batch) fails the source after the records
    /// before it.
    /// </summary>
    /// <param name="settings">Bootstrap servers, client id and the fetch settings (<c>max-poll-records</c> records per poll).</param>
    /// <param name="assignment">The partitions and where each starts.</param>
    public static Source<ConsumedRecord, NotUsed> PlainAssignedSource(ConsumerSettings settings, IReadOnlyDictionary<TopicPartition, Fetch.StartPosition> assignment)
    {
        Checked(settings);
        var partitions = CheckedAssignment(assignment);
        return Unfolded(
            system => Fetch.StaticAssignmentConsumer.StartAsync(system, settings.BootstrapServers, partitions, settings.ToFetchSettings()),
            consumer => NextPollAsync(consumer, settings.MaxPollRecords),
            consumer => consumer.DisposeAsync().AsTask());
    }

    /// <summary>
    /// Every record of fixed partitions from given start positions, each with an offset committable to the settings'
    /// group without joining it (Akka.Streams.Kafka's <c>CommittableSource</c> with <c>Subscriptions.Assignment</c>;
    /// pykafka SimpleConsumer's <c>commit_offsets</c>). Commits carry generation -1 and no member id: the
    /// coordinator refuses them (<see cref="Group.CommitFailedException"/>) while the group has members, whose
    /// progress they would overwrite. Start where the group left off with <see cref="Fetch.StartPosition.AtOffset"/>
    /// and the offsets <see cref="Fetch.StaticAssignmentConsumer.FetchCommittedOffsetsAsync"/> returns. A committer
    /// downstream can still commit for <c>stop-timeout</c> after the source stops; later commits fail.
    /// </summary>
    /// <param name="settings">Bootstrap servers, client id, group, the fetch settings and the commit retries.</param>
    /// <param name="assignment">The partitions and where each starts.</param>
    public static Source<CommittableMessage, NotUsed> CommittableAssignedSource(ConsumerSettings settings, IReadOnlyDictionary<TopicPartition, Fetch.StartPosition> assignment)
    {
        Checked(settings);
        var partitions = CheckedAssignment(assignment);
        return Unfolded(
            system => CommittableAssignment.StartAsync(system, settings, partitions),
            assigned => assigned.NextAsync(),
            assigned => assigned.StopAsync());
    }

    // A resource opened per materialization, read a poll at a time, and closed when the source completes, fails or
    // is cancelled.
    private static Source<TOut, NotUsed> Unfolded<TResource, TOut>(
        Func<Akka.Actor.ActorSystem, Task<TResource>> open, Func<TResource, Task<Akka.Util.Option<IReadOnlyList<TOut>>>> next, Func<TResource, Task> close) =>
        Source.Setup((materializer, _) =>
            {
                var system = MaterializerSystem.Of(materializer);
                return Source.UnfoldResourceAsync(
                        () => open(system),
                        next,
                        async resource =>
                        {
                            await close(resource).ConfigureAwait(false);
                            return Done.Instance;
                        })
                    .SelectMany(polled => polled);
            })
            .MapMaterializedValue(_ => NotUsed.Instance);

    private static async Task<Akka.Util.Option<IReadOnlyList<ConsumedRecord>>> NextPollAsync(Fetch.StaticAssignmentConsumer consumer, int maxRecords) =>
        Akka.Util.Option<IReadOnlyList<ConsumedRecord>>.Create(await consumer.NextRecordsAsync(maxRecords).ConfigureAwait(false));

    private static ConsumerSettings Checked(ConsumerSettings settings) => settings ?? throw new ArgumentNullException(nameof(settings));

    private static Dictionary<TopicPartition, Fetch.StartPosition> CheckedAssignment(IReadOnlyDictionary<TopicPartition, Fetch.StartPosition> assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        if (assignment.Count == 0)
            throw new ArgumentException("Give at least one partition to read.", nameof(assignment));
        return assignment.ToDictionary();
    }

    // What the application processed is only known through the committables it hands back; a commit of what was
    // emitted would claim records still being processed.
    private static ConsumerSettings Committable(ConsumerSettings settings) => Checked(settings) with { AutoCommitEnable = false };

    private static IEnumerable<ConsumedRecord> LastPerPartition(IReadOnlyList<ConsumedRecord> records)
    {
        var last = new Dictionary<(string, int), ConsumedRecord>();
        foreach (var record in records)
            last[(record.Topic, record.Partition)] = record;
        return last.Values;
    }
}
