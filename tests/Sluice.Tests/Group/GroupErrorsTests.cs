using Sluice.Group;
using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Group;

/// <summary>What the member's actors do about the error table's decisions.</summary>
public sealed class GroupErrorsTests
{
    [Fact]
    public void A_commit_that_meets_a_rebalance_makes_the_member_rejoin_as_itself_not_as_a_new_member()
    {
        Assert.Equal(GroupTrouble.Rebalance, GroupErrors.ForCommit(ErrorCode.RebalanceInProgress));
    }

    [Theory]
    [InlineData(ErrorCode.UnknownMemberId, "MembershipLost")]
    [InlineData(ErrorCode.IllegalGeneration, "StaleGeneration")]
    [InlineData(ErrorCode.NotCoordinator, "CoordinatorLost")]
    [InlineData(ErrorCode.CoordinatorLoadInProgress, "Retry")]
    [InlineData(ErrorCode.GroupAuthorizationFailed, "Fatal")]
    [InlineData(ErrorCode.OffsetMetadataTooLarge, "RequestFailed")]
    public void Commit_errors_map_to_what_the_member_does(ErrorCode error, string expected)
    {
        Assert.Equal(Enum.Parse<GroupTrouble>(expected), GroupErrors.ForCommit(error));
    }

    [Fact]
    public void A_heartbeat_saying_the_member_is_unknown_loses_the_membership()
    {
        Assert.Equal(GroupTrouble.MembershipLost, GroupErrors.ForHeartbeat(ErrorCode.UnknownMemberId));
        Assert.Equal(GroupTrouble.Rebalance, GroupErrors.ForHeartbeat(ErrorCode.RebalanceInProgress));
    }

    [Fact]
    public void Of_several_errors_the_most_severe_decides_the_earlier_of_equals_and_none_never_wins()
    {
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, GroupErrors.MoreSevere(ErrorCode.RebalanceInProgress, ErrorCode.GroupAuthorizationFailed, GroupErrors.ForCommit));
        Assert.Equal(ErrorCode.GroupAuthorizationFailed, GroupErrors.MoreSevere(ErrorCode.GroupAuthorizationFailed, ErrorCode.RebalanceInProgress, GroupErrors.ForCommit));
        Assert.Equal(ErrorCode.CoordinatorLoadInProgress, GroupErrors.MoreSevere(ErrorCode.None, ErrorCode.CoordinatorLoadInProgress, GroupErrors.ForCommit));
        Assert.Equal(ErrorCode.CoordinatorLoadInProgress, GroupErrors.MoreSevere(ErrorCode.CoordinatorLoadInProgress, ErrorCode.None, GroupErrors.ForCommit));
        Assert.Equal(ErrorCode.NotCoordinator, GroupErrors.MoreSevere(ErrorCode.NotCoordinator, ErrorCode.CoordinatorNotAvailable, GroupErrors.ForCommit));
    }
}
