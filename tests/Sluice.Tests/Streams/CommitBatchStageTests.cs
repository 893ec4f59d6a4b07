using System.Collections.Immutable;
using Akka.Streams;
using Akka.Streams.Dsl;
using Sluice.Group;
using Sluice.Settings;
using Sluice.Streams;
using Sluice.Streams.Stages;
using Xunit;

namespace Sluice.Tests.Streams;

/// <summary>The committer's batching, and what a member giving partitions up takes out of a batch.</summary>
public sealed class CommitBatchStageTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TopicPartition P0 = new("t", 0);
    private static readonly TopicPartition P1 = new("t", 1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly ConsumerMember _member;

    public CommitBatchStageTests() => _member = ConsumerMember.Create(Sys, ConsumerSettings.Default, null, null, "test");

    private IMaterializer Materializer => Sys.Materializer();

    [Fact]
    public async Task Offsets_go_in_batches_of_at_most_max_batch_and_the_rest_when_the_stream_completes()
    {
        var offsets = Enumerable.Range(0, 5).Select(i => (ICommittable)Offset(P0, i, 1));

        var batches = await Source.From(offsets).Via(new CommitBatchStage(2, TimeSpan.FromMinutes(10)))
            .RunWith(Sink.Seq<CommittableOffsetBatch>(), Materializer).WaitAsync(Patience);

        Assert.Equal([2L, 2L, 1L], batches.Select(b => b.BatchSize));
        Assert.Equal([2L, 4L, 5L], batches.Select(b => b.Offsets[P0]));
    }

    [Fact]
    public async Task A_partial_batch_goes_once_max_interval_has_passed()
    {
        var (queue, batches) = Source.Queue<ICommittable>(10, OverflowStrategy.Fail)
            .Via(new CommitBatchStage(100, TimeSpan.FromMilliseconds(200)))
            .ToMaterialized(Sink.Queue<CommittableOffsetBatch>(), Keep.Both)
            .Run(Materializer);

        await queue.OfferAsync(Offset(P0, 7, 1));
        await queue.OfferAsync(Offset(P1, 3, 1));
        var batch = (await batches.PullAsync().WaitAsync(Patience)).Value;

        Assert.Equal(new Dictionary<TopicPartition, long> { [P0] = 8, [P1] = 4 }, batch.Offsets);
        queue.Complete();
    }

    [Fact]
    public async Task What_the_member_takes_before_giving_a_partition_up_is_not_in_the_batch()
    {
        var (queue, batches) = RunQueued();
        await GatheredAsync(queue, CommittableOffsetBatch.Empty.Updated(Offset(P0, 7, 1)).Updated(Offset(P1, 3, 1)));

        var taken = _member.Backlog.Take(new Dictionary<TopicPartition, int> { [P0] = 1 });
        queue.Complete();
        var batch = Assert.Single(await batches.WaitAsync(Patience));

        Assert.Equal(new Dictionary<TopicPartition, long> { [P0] = 8 }, taken);
        Assert.Equal(new Dictionary<TopicPartition, long> { [P1] = 4 }, batch.Offsets);
    }

    [Fact]
    public async Task Offsets_of_an_earlier_assignment_are_not_taken_and_leave_the_batch_too()
    {
        var (queue, batches) = RunQueued();
        await GatheredAsync(queue, Offset(P0, 7, generation: 1));

        var taken = _member.Backlog.Take(new Dictionary<TopicPartition, int> { [P0] = 2 });
        queue.Complete();

        Assert.Empty(taken);
        Assert.Empty(await batches.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_stage_that_stopped_is_no_longer_asked()
    {
        var (queue, batches) = RunQueued();
        await GatheredAsync(queue, Offset(P0, 7, 1));

        queue.Fail(new InvalidOperationException("upstream failed"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => batches.WaitAsync(Patience));

        Assert.Equal(0, _member.Backlog.Committers);
        Assert.Empty(_member.Backlog.Take(new Dictionary<TopicPartition, int> { [P0] = 1 }));
    }

    // A stage fed by hand whose batch is never due: batches come only as the stream completes.
    private (ISourceQueueWithComplete<ICommittable> Queue, Task<IImmutableList<CommittableOffsetBatch>> Batches) RunQueued() =>
        Source.Queue<ICommittable>(10, OverflowStrategy.Fail)
            .Via(new CommitBatchStage(100, TimeSpan.FromMinutes(10)))
            .ToMaterialized(Sink.Seq<CommittableOffsetBatch>(), Keep.Both)
            .Run(Materializer);

    // The stage makes itself known to the member with the first offset of it that it gathers.
    private async Task GatheredAsync(ISourceQueueWithComplete<ICommittable> queue, ICommittable committable)
    {
        await queue.OfferAsync(committable);
        await AwaitAssertAsync(() => Assert.Equal(1, _member.Backlog.Committers), Patience);
    }

    private CommittableOffset Offset(TopicPartition partition, long offset, int generation) => new(_member, partition, offset, generation);
}
