using Akka.Actor;
using Akka.TestKit;
using Sluice.Group;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Sluice.Settings;
using Xunit;

namespace Sluice.Tests.Group;

/// <summary>The offset committer with a probe in the coordinator session's place.</summary>
public sealed class OffsetCommitterTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TopicPartition P0 = new("t", 0);
    private static readonly TopicPartition P1 = new("t", 1);
    private static readonly TopicPartition P2 = new("t", 2);
    private readonly TestProbe _session;
    private readonly IActorRef _committer;

    public OffsetCommitterTests()
    {
        _session = CreateTestProbe();
        var settings = ConsumerSettings.Default with { OffsetsChannelBackoff = TimeSpan.FromMilliseconds(10), OffsetsCommitMaxRetries = 1 };
        _committer = Sys.ActorOf(OffsetCommitter.Props(_session.Ref, CreateTestProbe().Ref, settings));
    }

    [Fact]
    public void A_stream_commit_leaves_out_partitions_the_member_has_given_up_or_received_again_since()
    {
        Member(generation: 5, (P0, 5), (P1, 3));

        _committer.Tell(new OffsetCommitter.Commit(Offsets((P0, 10), (P1, 20), (P2, 30)), AssignedAt: Generations((P0, 5), (P1, 2), (P2, 5))));
        Answer(ErrorCode.None);

        Assert.Equal(Offsets((P0, 10)), ExpectMsg<OffsetCommitter.CommitSucceeded>().Offsets);
    }

    [Fact]
    public void A_stream_commit_of_only_given_up_partitions_succeeds_without_a_request()
    {
        Member(generation: 5, (P0, 5));

        _committer.Tell(new OffsetCommitter.Commit(Offsets((P1, 20)), AssignedAt: Generations((P1, 4))));

        Assert.Empty(ExpectMsg<OffsetCommitter.CommitSucceeded>().Offsets);
        _session.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_stream_commit_that_meets_a_rebalance_waits_for_the_next_generation_and_then_commits_what_is_still_held()
    {
        Member(generation: 5, (P0, 5), (P1, 5));
        _committer.Tell(new OffsetCommitter.Commit(Offsets((P0, 10), (P1, 20)), AssignedAt: Generations((P0, 5), (P1, 5))));
        Answer(ErrorCode.RebalanceInProgress);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        _session.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // Cooperative: P0 is kept from generation 5, P1 went elsewhere and came back in 6.
        Member(generation: 6, (P0, 5), (P1, 6));
        Answer(ErrorCode.None);

        Assert.Equal(Offsets((P0, 10)), ExpectMsg<OffsetCommitter.CommitSucceeded>().Offsets);
    }

    [Fact]
    public void A_stream_commit_answered_with_a_rebalance_after_the_member_left_its_generation_is_still_held()
    {
        Member(generation: 5, (P0, 5));
        _committer.Tell(new OffsetCommitter.Commit(Offsets((P0, 10)), AssignedAt: Generations((P0, 5))));
        var execute = _session.ExpectMsg<CoordinatorSession.Execute>();

        // The heartbeat saw the rebalance first: the member is between generations when the commit's answer comes.
        _committer.Tell(new OffsetCommitter.SetMembership(null));
        _session.Reply(new CoordinatorSession.Executed(execute.Tag, Response(ErrorCode.RebalanceInProgress), null));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Member(generation: 6, (P0, 5));
        Answer(ErrorCode.None);
        Assert.Equal(Offsets((P0, 10)), ExpectMsg<OffsetCommitter.CommitSucceeded>().Offsets);
    }

    [Fact]
    public void A_stream_commit_answered_with_a_rebalance_after_the_next_generation_began_goes_out_in_it()
    {
        Member(generation: 5, (P0, 5));
        _committer.Tell(new OffsetCommitter.Commit(Offsets((P0, 10)), AssignedAt: Generations((P0, 5))));
        var execute = _session.ExpectMsg<CoordinatorSession.Execute>();

        Member(generation: 6, (P0, 5));
        _session.Reply(new CoordinatorSession.Executed(execute.Tag, Response(ErrorCode.RebalanceInProgress), null));

        Answer(ErrorCode.None);
        Assert.Equal(Offsets((P0, 10)), ExpectMsg<OffsetCommitter.CommitSucceeded>().Offsets);
    }

    [Fact]
    public void A_stream_commit_behind_what_the_member_committed_under_the_same_assignment_is_not_sent()
    {
        // The member committed a committer's gathered offsets itself before giving the partitions up; the batch
        // sent before that (lower offsets) reaches the committer only now.
        Member(generation: 5, (P0, 5), (P1, 5));
        _committer.Tell(new OffsetCommitter.Commit(Offsets((P0, 40), (P1, 40)), ReplyTo: TestActor));
        Answer(ErrorCode.None);
        ExpectMsg<OffsetCommitter.CommitSucceeded>();

        _committer.Tell(new OffsetCommitter.Commit(Offsets((P0, 30), (P1, 40)), AssignedAt: Generations((P0, 5), (P1, 5))));
        Answer(ErrorCode.None);

        Assert.Equal(Offsets((P1, 40)), ExpectMsg<OffsetCommitter.CommitSucceeded>().Offsets);
    }

    [Fact]
    public void A_stream_commit_of_a_partition_assigned_again_may_go_below_what_was_committed_before()
    {
        Member(generation: 5, (P0, 5));
        _committer.Tell(new OffsetCommitter.Commit(Offsets((P0, 40)), ReplyTo: TestActor));
        Answer(ErrorCode.None);
        ExpectMsg<OffsetCommitter.CommitSucceeded>();

        // The group's offsets were moved back while the partition was elsewhere: the new assignment starts there.
        Member(generation: 7, (P0, 7));
        _committer.Tell(new OffsetCommitter.Commit(Offsets((P0, 10)), AssignedAt: Generations((P0, 7))));
        Answer(ErrorCode.None);

        Assert.Equal(Offsets((P0, 10)), ExpectMsg<OffsetCommitter.CommitSucceeded>().Offsets);
    }

    [Fact]
    public void An_application_commit_that_meets_a_rebalance_fails_at_once()
    {
        Member(generation: 5, (P0, 5));
        _committer.Tell(new OffsetCommitter.Commit(Offsets((P0, 10))));
        Answer(ErrorCode.RebalanceInProgress);

        var failure = ExpectMsg<Status.Failure>();
        Assert.IsType<CommitFailedException>(failure.Cause);
    }

    [Fact]
    public void Flush_answers_only_once_the_commit_in_flight_has_finished()
    {
        Member(generation: 1, (P0, 1));
        var flusher = CreateTestProbe();
        _committer.Tell(new OffsetCommitter.Commit(Offsets((P0, 3))));
        var execute = _session.ExpectMsg<CoordinatorSession.Execute>();

        _committer.Tell(OffsetCommitter.Flush.Instance, flusher.Ref);
        flusher.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        _session.Reply(new CoordinatorSession.Executed(execute.Tag, Response(ErrorCode.None), null));

        ExpectMsg<OffsetCommitter.CommitSucceeded>();
        flusher.ExpectMsg<OffsetCommitter.Flushed>();
    }

    [Fact]
    public void Once_closed_waiting_and_later_commits_fail_with_a_commit_failure_naming_the_reason()
    {
        _committer.Tell(new OffsetCommitter.Commit(Offsets((P0, 3))));
        _committer.Tell(OffsetCommitter.Close.Instance);
        _committer.Tell(new OffsetCommitter.Commit(Offsets((P1, 4))));

        Assert.All(new[] { ExpectMsg<Status.Failure>(), ExpectMsg<Status.Failure>() }, f =>
        {
            var error = Assert.IsType<CommitFailedException>(f.Cause);
            Assert.Contains("left the group", error.Message);
        });
        _session.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    private void Member(int generation, params (TopicPartition Partition, int AssignedAt)[] held) =>
        _committer.Tell(new OffsetCommitter.SetMembership(new OffsetCommitter.Membership(generation, "member", null, Generations(held))));

    private void Answer(ErrorCode error)
    {
        var execute = _session.ExpectMsg<CoordinatorSession.Execute>();
        _session.Reply(new CoordinatorSession.Executed(execute.Tag, Response(error), null));
    }

    private static OffsetCommitResponse Response(ErrorCode error) =>
        new(0, error == ErrorCode.None ? [] : [new OffsetCommitTopicResponse("t", [new OffsetCommitPartitionResponse(0, error)])]);

    private static Dictionary<TopicPartition, long> Offsets(params (TopicPartition Partition, long Offset)[] offsets) => offsets.ToDictionary(o => o.Partition, o => o.Offset);

    private static Dictionary<TopicPartition, int> Generations(params (TopicPartition Partition, int Generation)[] held) => held.ToDictionary(h => h.Partition, h => h.Generation);
}
