using Sluice.Group;
using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Group;

public sealed class GroupErrorExceptionTests
{
    [Fact]
    public void A_refusal_the_application_must_act_on_says_what_it_means()
    {
        var error = new GroupErrorException("billing", ApiKey.JoinGroup, ErrorCode.InvalidSessionTimeout);

        Assert.Equal("Group 'billing': JoinGroup failed with InvalidSessionTimeout (26): the session timeout is outside the broker's group.min/max.session.timeout.ms.", error.Message);
    }

    [Fact]
    public void An_error_that_retries_take_care_of_is_named_only()
    {
        var error = new GroupErrorException("billing", ApiKey.Heartbeat, ErrorCode.RebalanceInProgress);

        Assert.Equal("Group 'billing': Heartbeat failed with RebalanceInProgress (27).", error.Message);
    }

    [Fact]
    public void A_detail_given_by_the_caller_replaces_the_explanation()
    {
        var error = new GroupErrorException("billing", ApiKey.OffsetCommit, ErrorCode.OffsetMetadataTooLarge, "2 partition(s), e.g. orders-0");

        Assert.Equal("Group 'billing': OffsetCommit failed with OffsetMetadataTooLarge (12): 2 partition(s), e.g. orders-0.", error.Message);
    }
}
