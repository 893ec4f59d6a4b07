using Sluice.Cluster;
using Sluice.Group.Assignors;
using Sluice.Protocol;
using Sluice.Protocol.Consumer;
using Xunit;
using static Sluice.Tests.Group.Assignors.AssignorTestKit;

namespace Sluice.Tests.Group.Assignors;

public sealed class AssignmentContextTests
{
    [Fact]
    public void Members_are_sorted_by_member_id_ordinally()
    {
        var context = Context([Member("b"), Member("B"), Member("a")]);
        Assert.Equal(["B", "a", "b"], context.Members.Select(m => m.MemberId));
    }

    [Fact]
    public void A_member_id_listed_twice_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Context([Member("a", "t"), Member("a", "u")]));
    }

    [Fact]
    public void Partitions_are_ordered_by_number_and_duplicates_dropped()
    {
        var topics = new Dictionary<string, IReadOnlyList<AssignablePartition>> { ["t"] = [new(2, 5), new(0, 1), new(2, 5), new(1, 1)] };
        var context = new AssignmentContext([Member("a", "t")], topics);
        Assert.Equal([0, 1, 2], context.Topics["t"].Select(p => p.Partition));
    }

    [Fact]
    public void Subscribed_topics_are_those_a_member_names_and_the_cluster_has_sorted_ordinally()
    {
        var context = Context([Member("a", "b", "missing"), Member("c", "B")], ("b", 1), ("B", 1), ("unused", 1));
        Assert.Equal(["B", "b"], context.SubscribedTopics);
        Assert.True(context.IsSubscribed(1, "B"));
        Assert.False(context.IsSubscribed(0, "B"));
    }

    [Fact]
    public void From_metadata_takes_subscribed_topics_with_partitions_and_their_leaders()
    {
        var metadata = MetadataSnapshot.Empty with
        {
            Topics = new Dictionary<string, TopicInfo>
            {
                ["t"] = new("t", ErrorCode.None, false, [new PartitionInfo(0, 3, 0, ErrorCode.None, [3], [3]), new PartitionInfo(1, -1, 0, ErrorCode.LeaderNotAvailable, [4], [])]),
                ["gone"] = new("gone", ErrorCode.UnknownTopicOrPartition, false, []),
                ["other"] = new("other", ErrorCode.None, false, [new PartitionInfo(0, 1, 0, ErrorCode.None, [1], [1])]),
            },
        };
        var context = AssignmentContext.FromMetadata([Member("a", "t", "gone")], metadata);
        Assert.Equal(["t"], context.Topics.Keys);
        Assert.Equal([new AssignablePartition(0, 3), new AssignablePartition(1, -1)], context.Topics["t"]);
    }

    [Fact]
    public void A_member_decodes_from_join_group_metadata_bytes()
    {
        var bytes = new ConsumerSubscription(["t"], ownedPartitions: [new("t", 2)], generationId: 4).Encode();
        var member = AssignmentMember.Decode("m-1", "instance-1", bytes);
        Assert.Equal("m-1", member.MemberId);
        Assert.Equal("instance-1", member.GroupInstanceId);
        Assert.Equal([new TopicPartition("t", 2)], member.Subscription.OwnedPartitions);
        Assert.Equal(4, member.Subscription.GenerationId);
    }

    [Fact]
    public void A_subscription_state_builds_the_version_3_subscription_with_the_assignor_s_user_data()
    {
        var state = new SubscriptionState(["t"], [], 5, "r", LastAssignment: [new("t", 0)]);
        var subscription = state.ToSubscription(new StickyAssignor());
        Assert.Equal(ConsumerSubscription.HighestVersion, subscription.Version);
        Assert.Empty(subscription.OwnedPartitions);
        Assert.Equal(5, subscription.GenerationId);
        Assert.Equal("r", subscription.RackId);
        Assert.False(subscription.UserData.IsEmpty);
        Assert.Equal(state.LastAssignment, state.PreviousAssignment);
        Assert.Equal(state.OwnedPartitions, (state with { LastAssignment = null }).PreviousAssignment);
    }
}
