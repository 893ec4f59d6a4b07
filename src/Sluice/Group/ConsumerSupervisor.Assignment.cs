using Akka.Actor;
using Sluice.Group.Assignors;
using Sluice.Protocol;
using Sluice.Protocol.Consumer;
using Sluice.Protocol.Messages;

namespace Sluice.Group;

internal sealed partial class ConsumerSupervisor
{

    // What the member tells the group in JoinGroup for each strategy it offers: its topics, and for cooperative
    // strategies the partitions it still owns (so only moved partitions are revoked) and their generation.
    private byte[] SubscriptionFor(IPartitionAssignor assignor)
    {
        var owned = assignor.Kind == AssignmentProtocolKind.Cooperative ? _assignment.ToList() : [];
        var state = new SubscriptionState(_subscription, owned, _generationId);
        return state.ToSubscription(assignor).Encode();
    }

    private static IReadOnlySet<TopicPartition> DecodeAssignment(byte[] bytes) =>
        bytes.Length == 0 ? new HashSet<TopicPartition>() : ConsumerAssignment.Decode(bytes).Partitions.ToHashSet();

    // The leader runs the strategy the coordinator chose over every member's subscription, against fresh metadata
    // for every subscribed topic; the work runs off the actor and comes back stamped with the step it belongs to.
    private void ComputeAssignment(IReadOnlyList<JoinGroupMember> members)
    {
        var assignor = _assignors.FirstOrDefault(a => string.Equals(a.Name, _protocolName, StringComparison.Ordinal));
        if (assignor is null)
        {
            StepFailed(GroupTrouble.Fatal, new GroupErrorException(_settings.GroupId, ApiKey.JoinGroup, ErrorCode.InconsistentGroupProtocol, $"the coordinator chose '{_protocolName}', which this member does not offer"));
            return;
        }

        List<AssignmentMember> decoded;
        try
        {
            decoded = members.Select(m => AssignmentMember.Decode(m.MemberId, m.GroupInstanceId, m.Metadata)).ToList();
        }
        catch (KafkaProtocolException e)
        {
            StepFailed(GroupTrouble.Retry, e);
            return;
        }

        var step = _step;
        var topics = decoded.SelectMany(m => m.Subscription.Topics).Distinct(StringComparer.Ordinal).ToList();
        AssignAsync(assignor, decoded, topics, step).PipeTo(Self);
    }

    private async Task<AssignmentComputed> AssignAsync(IPartitionAssignor assignor, List<AssignmentMember> members, List<string> topics, long step)
    {
        try
        {
            var snapshot = await _metadata.RefreshAsync(topics).ConfigureAwait(false);
            var result = assignor.Assign(AssignmentContext.FromMetadata(members, snapshot));
            var assignments = members
                .Select(m => new SyncGroupAssignment(m.MemberId, new ConsumerAssignment(result.TryGetValue(m.MemberId, out var partitions) ? partitions : []).Encode()))
                .ToList();
            return new AssignmentComputed(step, assignments, PartitionCounts(snapshot, topics), null);
        }
        catch (Exception e)
        {
            return new AssignmentComputed(step, null, null, e);
        }
    }

    private sealed record AssignmentComputed(long Step, IReadOnlyList<SyncGroupAssignment>? Assignments, IReadOnlyDictionary<string, int>? PartitionCounts, Exception? Error);
}
