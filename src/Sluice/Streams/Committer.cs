using Akka;
using Akka.Streams.Dsl;
using Sluice.Settings;
using Sluice.Streams.Stages;

namespace Sluice.Streams;

/// <summary>
/// Commits what a stream has processed, with Akka.Streams.Kafka's names: offsets are gathered into batches of up to
/// <see cref="CommitterSettings.MaxBatch"/>, or whatever arrived within <see cref="CommitterSettings.MaxInterval"/>,
/// and committed with up to <see cref="CommitterSettings.Parallelism"/> batches in flight. When the stream completes,
/// the last partial batch is committed before the committer completes; a commit that fails after its retries fails
/// the stream with <see cref="Group.CommitFailedException"/>. Offsets of partitions the member has given up since the
/// record was read are left out, never committed over the new owner's progress; offsets still waiting in a batch when
/// the member gives their partitions up (a rebalance, a shutdown) are committed by the member first, so the batch
/// arrives without them.
/// </summary>
public static class Committer
{
    /// <summary>Commits and emits each committed batch, in order.</summary>
    public static Flow<ICommittable, CommittableOffsetBatch, NotUsed> BatchFlow(CommitterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Akka.Streams.Dsl.Flow.Create<ICommittable>()
            .Via(new CommitBatchStage(settings.MaxBatch, settings.MaxInterval))
            .SelectAsync(settings.Parallelism, async batch =>
            {
                await batch.CommitAsync().ConfigureAwait(false);
                return batch;
            })
            .Named("sluice-committer");
    }

    /// <summary>Commits, emitting <see cref="Done"/> per committed batch.</summary>
    public static Flow<ICommittable, Done, NotUsed> Flow(CommitterSettings settings) =>
        BatchFlow(settings).Select(_ => Done.Instance);

    /// <summary>Commits; the materialized task completes once everything that reached it is committed.</summary>
    public static Sink<ICommittable, Task<Done>> Sink(CommitterSettings settings) =>
        Flow(settings).ToMaterialized(Akka.Streams.Dsl.Sink.Ignore<Done>(), Keep.Right);

    /// <summary>Commits the offsets carried as context (see <see cref="KafkaConsumer.SourceWithOffsetContext"/>),
    /// ignoring the elements.</summary>
    public static Sink<(TElement, ICommittableOffset), Task<Done>> SinkWithOffsetContext<TElement>(CommitterSettings settings) =>
        Akka.Streams.Dsl.Flow.Create<(TElement, ICommittableOffset)>()
            .Select(pair => (ICommittable)pair.Item2)
            .ToMaterialized(Sink(settings), Keep.Right);

    /// <summary>Commits the offsets carried as context, emitting one <see cref="Done"/> per committed batch with
    /// that batch as the context.</summary>
    public static FlowWithContext<TElement, ICommittableOffset, Done, ICommittable, NotUsed> FlowWithOffsetContext<TElement>(CommitterSettings settings) =>
        FlowWithContext.From(Akka.Streams.Dsl.Flow.Create<(TElement, ICommittableOffset)>()
            .Select(pair => (ICommittable)pair.Item2)
            .Via(BatchFlow(settings))
            .Select(batch => (Done.Instance, (ICommittable)batch)));
}
