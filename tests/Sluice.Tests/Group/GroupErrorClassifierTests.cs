using Sluice.Group;
using Sluice.Protocol;
using Xunit;
using static Sluice.Group.GroupErrorAction;
using static Sluice.Protocol.ErrorCode;

namespace Sluice.Tests.Group;

// Rows follow protocol.md §4.4 column by column; LeaveGroup and FindCoordinator, which the table does not cover,
// follow the Java coordinator (leave is best effort; lookup retries until a coordinator answers).
public sealed class GroupErrorClassifierTests
{
    private static readonly ApiKey[] GroupApis =
        [ApiKey.FindCoordinator, ApiKey.JoinGroup, ApiKey.SyncGroup, ApiKey.Heartbeat, ApiKey.LeaveGroup, ApiKey.OffsetCommit, ApiKey.OffsetFetch];

    [Theory]
    [InlineData(None, Proceed)]
    [InlineData(CoordinatorLoadInProgress, RetryAfterBackoff)]
    [InlineData(CoordinatorNotAvailable, RediscoverCoordinator)]
    [InlineData(NotCoordinator, RediscoverCoordinator)]
    [InlineData(RebalanceInProgress, Rejoin)]
    [InlineData(IllegalGeneration, RejoinKeepMemberId)]
    [InlineData(UnknownMemberId, ResetMemberIdAndRejoin)]
    [InlineData(MemberIdRequired, RejoinWithReturnedMemberId)]
    [InlineData(FencedInstanceId, Fatal)]
    [InlineData(InconsistentGroupProtocol, Fatal)]
    [InlineData(InvalidSessionTimeout, Fatal)]
    [InlineData(InvalidGroupId, Fatal)]
    [InlineData(GroupAuthorizationFailed, Fatal)]
    [InlineData(GroupMaxSizeReached, Fatal)]
    [InlineData(UnsupportedVersion, Fatal)]
    [InlineData(RequestTimedOut, RetryAfterBackoff)]
    [InlineData(NetworkException, RetryAfterBackoff)]
    public void JoinGroup(ErrorCode code, GroupErrorAction expected) =>
        Assert.Equal(expected, GroupErrorClassifier.Classify(ApiKey.JoinGroup, code).Action);

    [Theory]
    [InlineData(None, Proceed)]
    [InlineData(CoordinatorLoadInProgress, RetryAfterBackoff)]
    [InlineData(CoordinatorNotAvailable, RediscoverCoordinator)]
    [InlineData(NotCoordinator, RediscoverCoordinator)]
    [InlineData(RebalanceInProgress, Rejoin)]
    [InlineData(IllegalGeneration, RejoinKeepMemberId)]
    [InlineData(UnknownMemberId, ResetMemberIdAndRejoin)]
    [InlineData(FencedInstanceId, Fatal)]
    [InlineData(InconsistentGroupProtocol, Fatal)]
    [InlineData(GroupAuthorizationFailed, Fatal)]
    [InlineData(RequestTimedOut, RetryAfterBackoff)]
    [InlineData(NetworkException, RetryAfterBackoff)]
    public void SyncGroup(ErrorCode code, GroupErrorAction expected) =>
        Assert.Equal(expected, GroupErrorClassifier.Classify(ApiKey.SyncGroup, code).Action);

    [Theory]
    [InlineData(None, Proceed)]
    [InlineData(CoordinatorLoadInProgress, RetryAfterBackoff)]
    [InlineData(CoordinatorNotAvailable, RediscoverCoordinator)]
    [InlineData(NotCoordinator, RediscoverCoordinator)]
    [InlineData(RebalanceInProgress, Rejoin)]
    [InlineData(IllegalGeneration, RejoinKeepMemberId)]
    [InlineData(UnknownMemberId, ResetMemberIdAndRejoin)]
    [InlineData(FencedInstanceId, Fatal)]
    [InlineData(GroupAuthorizationFailed, Fatal)]
    [InlineData(RequestTimedOut, RetryAfterBackoff)]
    [InlineData(NetworkException, RetryAfterBackoff)]
    public void Heartbeat(ErrorCode code, GroupErrorAction expected) =>
        Assert.Equal(expected, GroupErrorClassifier.Classify(ApiKey.Heartbeat, code).Action);

    [Theory]
    [InlineData(None, Proceed)]
    [InlineData(CoordinatorLoadInProgress, RetryAfterBackoff)]
    [InlineData(CoordinatorNotAvailable, RediscoverCoordinator)]
    [InlineData(NotCoordinator, RediscoverCoordinator)]
    [InlineData(RequestTimedOut, RediscoverCoordinator)]
    [InlineData(NetworkException, RediscoverCoordinator)]
    [InlineData(RebalanceInProgress, RejoinNoCommit)]
    [InlineData(IllegalGeneration, RejoinKeepMemberId)]
    [InlineData(UnknownMemberId, ResetMemberIdAndRejoin)]
    [InlineData(FencedInstanceId, Fatal)]
    [InlineData(GroupAuthorizationFailed, Fatal)]
    [InlineData(OffsetMetadataTooLarge, FailRequest)]
    [InlineData(InvalidCommitOffsetSize, FailRequest)]
    [InlineData(UnknownTopicOrPartition, RetryAfterBackoff)]
    [InlineData(TopicAuthorizationFailed, Fatal)]
    public void OffsetCommit(ErrorCode code, GroupErrorAction expected) =>
        Assert.Equal(expected, GroupErrorClassifier.Classify(ApiKey.OffsetCommit, code).Action);

    [Theory]
    [InlineData(None, Proceed)]
    [InlineData(CoordinatorLoadInProgress, RetryAfterBackoff)]
    [InlineData(CoordinatorNotAvailable, RediscoverCoordinator)]
    [InlineData(NotCoordinator, RediscoverCoordinator)]
    [InlineData(UnknownMemberId, ResetMemberIdAndRejoin)]
    [InlineData(GroupAuthorizationFailed, Fatal)]
    [InlineData(UnknownTopicOrPartition, Fatal)]
    [InlineData(TopicAuthorizationFailed, Fatal)]
    [InlineData(UnstableOffsetCommit, RetryAfterBackoff)]
    [InlineData(RequestTimedOut, RetryAfterBackoff)]
    [InlineData(NetworkException, RetryAfterBackoff)]
    public void OffsetFetch(ErrorCode code, GroupErrorAction expected) =>
        Assert.Equal(expected, GroupErrorClassifier.Classify(ApiKey.OffsetFetch, code).Action);

    [Theory]
    [InlineData(None, Proceed)]
    [InlineData(UnknownMemberId, Proceed)]
    [InlineData(IllegalGeneration, Proceed)]
    [InlineData(FencedInstanceId, Proceed)]
    [InlineData(CoordinatorNotAvailable, RediscoverCoordinator)]
    [InlineData(NotCoordinator, RediscoverCoordinator)]
    [InlineData(CoordinatorLoadInProgress, RetryAfterBackoff)]
    [InlineData(RequestTimedOut, RetryAfterBackoff)]
    [InlineData(NetworkException, RetryAfterBackoff)]
    [InlineData(GroupAuthorizationFailed, FailRequest)]
    public void LeaveGroup(ErrorCode code, GroupErrorAction expected) =>
        Assert.Equal(expected, GroupErrorClassifier.Classify(ApiKey.LeaveGroup, code).Action);

    [Theory]
    [InlineData(None, Proceed)]
    [InlineData(CoordinatorNotAvailable, RetryAfterBackoff)]
    [InlineData(NotCoordinator, RetryAfterBackoff)]
    [InlineData(CoordinatorLoadInProgress, RetryAfterBackoff)]
    [InlineData(RequestTimedOut, RetryAfterBackoff)]
    [InlineData(NetworkException, RetryAfterBackoff)]
    [InlineData(GroupAuthorizationFailed, Fatal)]
    [InlineData(InvalidGroupId, Fatal)]
    public void FindCoordinator(ErrorCode code, GroupErrorAction expected) =>
        Assert.Equal(expected, GroupErrorClassifier.Classify(ApiKey.FindCoordinator, code).Action);

    [Theory]
    [InlineData(ApiKey.Heartbeat, RebalanceInProgress, Ignore)]
    [InlineData(ApiKey.Heartbeat, IllegalGeneration, Ignore)]
    [InlineData(ApiKey.Heartbeat, UnknownMemberId, Ignore)]
    [InlineData(ApiKey.Heartbeat, FencedInstanceId, Ignore)]
    [InlineData(ApiKey.Heartbeat, NotCoordinator, RediscoverCoordinator)]
    [InlineData(ApiKey.SyncGroup, IllegalGeneration, Ignore)]
    [InlineData(ApiKey.SyncGroup, UnknownMemberId, Ignore)]
    [InlineData(ApiKey.SyncGroup, FencedInstanceId, Ignore)]
    [InlineData(ApiKey.OffsetCommit, IllegalGeneration, RejoinNoCommit)]
    [InlineData(ApiKey.OffsetCommit, UnknownMemberId, RejoinNoCommit)]
    [InlineData(ApiKey.OffsetCommit, FencedInstanceId, RejoinNoCommit)]
    [InlineData(ApiKey.OffsetCommit, RebalanceInProgress, RejoinNoCommit)]
    [InlineData(ApiKey.OffsetCommit, OffsetMetadataTooLarge, FailRequest)]
    [InlineData(ApiKey.JoinGroup, UnknownMemberId, Rejoin)]
    [InlineData(ApiKey.JoinGroup, FencedInstanceId, Fatal)]
    [InlineData(ApiKey.OffsetFetch, UnknownMemberId, Ignore)]
    public void Answers_to_a_generation_already_left_behind_neither_reset_nor_stop_the_member(ApiKey api, ErrorCode code, GroupErrorAction expected) =>
        Assert.Equal(expected, GroupErrorClassifier.Classify(api, code, sentUnderCurrentGeneration: false).Action);

    [Theory]
    [InlineData(ApiKey.SyncGroup, MemberIdRequired, RetryAfterBackoff)]
    [InlineData(ApiKey.OffsetFetch, RebalanceInProgress, Rejoin)]
    [InlineData(ApiKey.OffsetFetch, IllegalGeneration, RejoinKeepMemberId)]
    [InlineData(ApiKey.Heartbeat, TopicAuthorizationFailed, Fatal)]
    [InlineData(ApiKey.SyncGroup, InvalidGroupId, Fatal)]
    [InlineData(ApiKey.OffsetCommit, ClusterAuthorizationFailed, Fatal)]
    [InlineData(ApiKey.Heartbeat, UnknownServerError, RetryAfterBackoff)]
    [InlineData(ApiKey.SyncGroup, UnsupportedVersion, RetryAfterBackoff)]
    [InlineData(ApiKey.OffsetFetch, UnknownTopicId, RetryAfterBackoff)]
    [InlineData(ApiKey.LeaveGroup, RebalanceInProgress, Rejoin)]
    public void Codes_a_request_s_table_does_not_list_fall_back_to_their_class(ApiKey api, ErrorCode code, GroupErrorAction expected) =>
        Assert.Equal(expected, GroupErrorClassifier.Classify(api, code).Action);

    [Theory]
    [InlineData((short)999)]
    [InlineData((short)130)]
    [InlineData((short)-77)]
    [InlineData(short.MaxValue)]
    [InlineData(short.MinValue)]
    public void Codes_newer_than_sluice_are_retried_after_a_backoff_for_every_request(short code)
    {
        foreach (var api in GroupApis)
            Assert.Equal(RetryAfterBackoff, GroupErrorClassifier.Classify(api, (ErrorCode)code).Action);
    }

    [Fact]
    public void Every_known_code_has_a_defined_action_for_every_request_in_both_generations()
    {
        foreach (var api in GroupApis)
        {
            foreach (var code in Enum.GetValues<ErrorCode>())
            {
                foreach (var current in new[] { true, false })
                {
                    var decision = GroupErrorClassifier.Classify(api, code, current);
                    Assert.True(Enum.IsDefined(decision.Action), $"{api} {code}");
                    Assert.Equal(code == ErrorCode.None, decision.Action == Proceed && code == ErrorCode.None);
                }
            }
        }
    }

    [Fact]
    public void Fatal_and_failed_requests_carry_a_reason_naming_the_request_and_code()
    {
        var fenced = GroupErrorClassifier.Classify(ApiKey.Heartbeat, FencedInstanceId);
        Assert.True(fenced.IsFatal);
        Assert.Equal("Heartbeat failed with FencedInstanceId (82): another consumer joined with the same group.instance.id and fenced this one", fenced.Reason);

        var tooLarge = GroupErrorClassifier.Classify(ApiKey.OffsetCommit, OffsetMetadataTooLarge);
        Assert.False(tooLarge.IsFatal);
        Assert.Contains("offset.metadata.max.bytes", tooLarge.Reason, StringComparison.Ordinal);

        var retry = GroupErrorClassifier.Classify(ApiKey.JoinGroup, CoordinatorLoadInProgress);
        Assert.Null(retry.Reason);
        Assert.Equal("RetryAfterBackoff", retry.ToString());
    }

    [Fact]
    public void None_proceeds_for_every_request()
    {
        foreach (var api in GroupApis)
            Assert.Equal(Proceed, GroupErrorClassifier.Classify(api, None).Action);
    }

    [Fact]
    public void A_request_that_is_not_a_group_request_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GroupErrorClassifier.Classify(ApiKey.Fetch, None));
    }
}
