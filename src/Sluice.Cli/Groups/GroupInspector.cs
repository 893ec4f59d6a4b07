using Sluice.Cli.Kafka;
using Sluice.Cluster;
using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Consumer;
using Sluice.Protocol.Messages;

namespace Sluice.Cli.Groups;

/// <summary>
/// Reads groups the way an operator asks about them: ListGroups on every broker; FindCoordinator, DescribeGroups,
/// OffsetFetch at the coordinator and ListOffsets at each partition's leader for one group. Works from Kafka 0.9
/// (ListGroups v0, DescribeGroups v0, OffsetFetch v1) on.
/// </summary>
internal sealed class GroupInspector(ClusterMetadata metadata, string bootstrap)
{
    private static readonly TimeSpan CoordinatorPatience = TimeSpan.FromSeconds(10);

    /// <summary>Every group of every broker, by group id.</summary>
    public async Task<IReadOnlyList<ListedGroupView>> ListAsync(CancellationToken cancellationToken)
    {
        var snapshot = await BrokerAccess.RefreshAsync(metadata, bootstrap, [], cancellationToken).ConfigureAwait(false);
        var groups = new List<ListedGroupView>();
        foreach (var broker in snapshot.Brokers.Values.OrderBy(b => b.Id))
        {
            var connection = await metadata.ConnectionToAsync(broker.Id, cancellationToken).ConfigureAwait(false);
            var answer = await connection.SendAsync(new ListGroupsRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (answer.Error != ErrorCode.None)
                throw new CliException($"broker {broker.Id} ({broker.Endpoint}) answered ListGroups with {answer.Error}; check that its group coordinator is up");
            groups.AddRange(answer.Groups.Select(g => new ListedGroupView(g.GroupId, g.ProtocolType, g.State, broker.Id)));
        }

        return groups.OrderBy(g => g.GroupId, StringComparer.Ordinal).ToList();
    }

    /// <summary>One group: its state, members and what each holds, and committed offset, log end and lag for every partition
    /// of the topics it reads or has committed offsets for.</summary>
    public async Task<GroupDescription> DescribeAsync(string groupId, CancellationToken cancellationToken)
    {
        var snapshot = await BrokerAccess.RefreshAsync(metadata, bootstrap, null, cancellationToken).ConfigureAwait(false);
        var coordinator = await FindCoordinatorAsync(groupId, cancellationToken).ConfigureAwait(false);
        var connection = await metadata.ConnectionToAsync(coordinator.Endpoint, cancellationToken).ConfigureAwait(false);
        var described = (await connection.SendAsync(new DescribeGroupsRequest([groupId]), cancellationToken: cancellationToken).ConfigureAwait(false))
            .Groups.SingleOrDefault(g => g.GroupId == groupId)
            ?? throw new CliException($"the coordinator of group '{groupId}' did not describe it; check the group id");
        if (described.Error != ErrorCode.None)
            throw new CliException($"describing group '{groupId}' failed with {described.Error}{(described.ErrorMessage is null ? "" : $" ({described.ErrorMessage})")}; check the group id and your permissions");

        var members = described.Members.Select(m => Member(m, described.ProtocolType)).ToList();
        var committed = await FetchCommittedAsync(connection, groupId, members, snapshot, cancellationToken).ConfigureAwait(false);
        var owners = members.SelectMany(m => m.Partitions.Select(p => (Partition: p, Member: m))).ToDictionary(x => x.Partition, x => x.Member);
        // Every partition of the topics the group reads or has committed offsets for, so one nobody committed shows too.
        var topics = committed.Keys.Select(p => p.Topic).Concat(members.SelectMany(m => m.Subscription.Concat(m.Partitions.Select(p => p.Topic)))).ToHashSet();
        var partitions = topics
            .SelectMany(t => snapshot.Topics.TryGetValue(t, out var info) ? info.Partitions.Select(p => new TopicPartition(t, p.Partition)) : [])
            .Concat(committed.Keys)
            .Concat(owners.Keys)
            .Distinct()
            .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition)
            .ToList();
        var logEnds = await LogEndOffsets.ReadAsync(metadata, partitions, cancellationToken).ConfigureAwait(false);

        var views = partitions.Select(p => new PartitionLagView(
            p,
            committed.TryGetValue(p, out var offset) ? offset : null,
            logEnds.TryGetValue(p, out var end) ? end : null,
            owners.TryGetValue(p, out var owner) ? owner.MemberId : null,
            owner?.ClientId)).ToList();
        return new GroupDescription(described.GroupId, described.GroupState, described.ProtocolType, described.ProtocolData, coordinator, members, views);
    }

    private async Task<BrokerNode> FindCoordinatorAsync(string groupId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + CoordinatorPatience;
        while (true)
        {
            var broker = metadata.Current.Brokers.Values.OrderBy(b => b.Id).First();
            var connection = await metadata.ConnectionToAsync(broker.Id, cancellationToken).ConfigureAwait(false);
            var found = (await connection.SendAsync(new FindCoordinatorRequest(groupId), cancellationToken: cancellationToken).ConfigureAwait(false)).For(groupId);
            if (found is { Error: ErrorCode.None })
                return new BrokerNode(found.NodeId, new BrokerEndpoint(found.Host, found.Port), null);

            var error = found?.Error.ToString() ?? "no answer";
            if (found?.Error is not (ErrorCode.CoordinatorNotAvailable or ErrorCode.CoordinatorLoadInProgress or ErrorCode.NotCoordinator) || DateTime.UtcNow > deadline)
                throw new CliException($"no coordinator for group '{groupId}' ({error}); check the group id and the brokers' health");
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    private static GroupMemberView Member(DescribeGroupsMember member, string protocolType)
    {
        IReadOnlyList<string> subscription = [];
        IReadOnlyList<TopicPartition> partitions = [];
        if (protocolType == "consumer")
        {
            try
            {
                if (member.MemberMetadata.Length > 0)
                    subscription = ConsumerSubscription.Decode(member.MemberMetadata).Topics;
                partitions = ConsumerAssignment.Decode(member.MemberAssignment).Partitions
                    .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition).ToList();
            }
            catch (KafkaProtocolException)
            {
                // A member whose protocol bytes are not the consumer protocol's is shown without them.
            }
        }

        return new GroupMemberView(member.MemberId, member.GroupInstanceId, member.ClientId, member.ClientHost, subscription, partitions);
    }

    // OffsetFetch v2+ (Kafka 0.10.2+) reads every committed partition at once; older brokers are asked for the
    // partitions of the members' topics, or of every topic when the group has no members.
    private static async Task<Dictionary<TopicPartition, long>> FetchCommittedAsync(
        BrokerConnection coordinator, string groupId, IReadOnlyList<GroupMemberView> members, MetadataSnapshot snapshot, CancellationToken cancellationToken)
    {
        IReadOnlyList<OffsetFetchTopic>? topics = null;
        if (coordinator.Versions[ApiKey.OffsetFetch] is not { Max: >= 2 })
        {
            var names = members.SelectMany(m => m.Subscription.Concat(m.Partitions.Select(p => p.Topic))).Distinct().ToList();
            if (names.Count == 0)
                names = snapshot.Topics.Values.Where(t => !t.IsInternal && t.Error == ErrorCode.None).Select(t => t.Name).ToList();
            topics = names
                .Where(snapshot.Topics.ContainsKey)
                .Select(t => new OffsetFetchTopic(t, snapshot.Topics[t].Partitions.Select(p => p.Partition).ToList()))
                .Where(t => t.Partitions.Count > 0)
                .ToList();
            if (topics.Count == 0)
                return [];
        }

        var answer = await coordinator.SendAsync(new OffsetFetchRequest(groupId, topics), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (answer.Error != ErrorCode.None)
            throw new CliException($"reading the committed offsets of group '{groupId}' failed with {answer.Error}; check the group id and the coordinator's health");
        return answer.Topics
            .SelectMany(t => t.Partitions.Where(p => p.Error == ErrorCode.None && p.Offset >= 0).Select(p => (Partition: new TopicPartition(t.Name, p.Partition), p.Offset)))
            .ToDictionary(x => x.Partition, x => x.Offset);
    }
}
