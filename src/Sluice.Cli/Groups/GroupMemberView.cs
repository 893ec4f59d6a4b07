namespace Sluice.Cli.Groups;

/// <summary>One member of a described group, its subscription and assignment decoded from the consumer protocol.</summary>
/// <param name="MemberId">The id the coordinator gave it.</param>
/// <param name="GroupInstanceId">Its static membership id, or null.</param>
/// <param name="ClientId">The client id it connects with.</param>
/// <param name="ClientHost">Where it connects from, as the broker sees it.</param>
/// <param name="Subscription">The topics it subscribed to (empty when not a consumer-protocol member).</param>
/// <param name="Partitions">The partitions assigned to it, in topic and partition order.</param>
internal sealed record GroupMemberView(string MemberId, string? GroupInstanceId, string ClientId, string ClientHost, IReadOnlyList<string> Subscription, IReadOnlyList<TopicPartition> Partitions);
