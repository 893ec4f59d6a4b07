using Sluice.Settings;
using Sluice.Streams;
using Sluice.Group;
using Sluice.Streams.Stages;
using Xunit;

namespace Sluice.Tests.Streams;

/// <summary>Gathering committable offsets into batches.</summary>
public sealed class CommittableOffsetBatchTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TopicPartition P0 = new("t", 0);
    private static readonly TopicPartition P1 = new("t", 1);
    private readonly ConsumerMember _member;

    public CommittableOffsetBatchTests() => _member = ConsumerMember.Create(Sys, ConsumerSettings.Default, null, null, "test");

    [Fact]
    public void A_batch_commits_the_next_offset_after_the_highest_of_each_partition()
    {
        var batch = CommittableOffsetBatch.Of([Offset(P0, 4, 1), Offset(P0, 9, 1), Offset(P0, 7, 1), Offset(P1, 2, 1)]);

        Assert.Equal(new Dictionary<TopicPartition, long> { [P0] = 10, [P1] = 3 }, batch.Offsets);
        Assert.Equal(4, batch.BatchSize);
    }

    [Fact]
    public void An_offset_read_after_the_partition_was_assigned_again_wins_over_a_higher_one_read_before()
    {
        var batch = CommittableOffsetBatch.Empty.Updated(Offset(P0, 50, generation: 3)).Updated(Offset(P0, 20, generation: 4));

        Assert.Equal(21, batch.Offsets[P0]);
    }

    [Fact]
    public void Updating_returns_a_new_batch_and_leaves_the_old_one_as_it_was()
    {
        var first = CommittableOffsetBatch.Empty.Updated(Offset(P0, 1, 1));
        var second = first.Updated(Offset(P1, 1, 1)).Updated(first);

        Assert.Single(first.Offsets);
        Assert.Equal(2, second.Offsets.Count);
        Assert.Equal(3, second.BatchSize);
        Assert.Empty(CommittableOffsetBatch.Empty.Offsets);
    }

    [Fact]
    public void A_committable_that_is_not_sluices_is_refused_with_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => CommittableOffsetBatch.Empty.Updated(new Foreign()));
        Assert.Contains(nameof(Foreign), error.Message);
    }

    private CommittableOffset Offset(TopicPartition partition, long offset, int generation) => new(_member, partition, offset, generation);

    private sealed class Foreign : ICommittable
    {
        public long BatchSize => 1;

        public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
