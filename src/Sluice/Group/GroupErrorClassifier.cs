using Sluice.Protocol;

namespace Sluice.Group;

/// <summary>
/// Maps a coordinator error to what the member does, per request: the one place that decides, following
/// protocol.md §4.4 (the Java AbstractCoordinator and ConsumerCoordinator). A code a request's table does not list,
/// including codes newer than Sluice, falls back to its class: coordinator moves rediscover, membership errors
/// rejoin, authorization and group-configuration errors are fatal, and anything else is retried after a backoff.
/// Nothing ever throws for an error code.
/// </summary>
public static class GroupErrorClassifier
{
    /// <summary>The action for <paramref name="error"/> in the answer to <paramref name="api"/>.</summary>
    /// <param name="api">FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit or OffsetFetch.</param>
    /// <param name="error">The error code, request-level or for one partition.</param>
    /// <param name="sentUnderCurrentGeneration">
    /// False when the member's generation has changed since the request was sent: membership errors then describe
    /// a generation already left behind, so they neither reset the member nor stop it.
    /// </param>
    public static GroupErrorDecision Classify(ApiKey api, ErrorCode error, bool sentUnderCurrentGeneration = true)
    {
        var action = api switch
        {
            ApiKey.FindCoordinator => FindCoordinator(error),
            ApiKey.JoinGroup => JoinGroup(error, sentUnderCurrentGeneration),
            ApiKey.SyncGroup => SyncGroup(error, sentUnderCurrentGeneration),
            ApiKey.Heartbeat => Heartbeat(error, sentUnderCurrentGeneration),
            ApiKey.LeaveGroup => LeaveGroup(error),
            ApiKey.OffsetCommit => OffsetCommit(error, sentUnderCurrentGeneration),
            ApiKey.OffsetFetch => OffsetFetch(error, sentUnderCurrentGeneration),
            _ => throw new ArgumentOutOfRangeException(nameof(api), api, "Not a group coordinator request."),
        } ?? ByClass(error);
        return action is GroupErrorAction.Fatal or GroupErrorAction.FailRequest
            ? new GroupErrorDecision(action, $"{api} failed with {error} ({(short)error}): {Explain(error)}")
            : new GroupErrorDecision(action);
    }

    private static GroupErrorAction? FindCoordinator(ErrorCode error) => error switch
    {
        ErrorCode.None => GroupErrorAction.Proceed,

        // The group has no coordinator yet (__consumer_offsets is being created or its leader is moving), or the
        // broker asked is catching up: ask again later; rediscovering is what this request already does.
        ErrorCode.CoordinatorNotAvailable or ErrorCode.NotCoordinator or ErrorCode.CoordinatorLoadInProgress
            or ErrorCode.RequestTimedOut or ErrorCode.NetworkException => GroupErrorAction.RetryAfterBackoff,
        ErrorCode.GroupAuthorizationFailed => GroupErrorAction.Fatal,
        _ => null,
    };

    private static GroupErrorAction? JoinGroup(ErrorCode error, bool current) => error switch
    {
        ErrorCode.None => GroupErrorAction.Proceed,
        ErrorCode.CoordinatorLoadInProgress => GroupErrorAction.RetryAfterBackoff,
        ErrorCode.CoordinatorNotAvailable or ErrorCode.NotCoordinator => GroupErrorAction.RediscoverCoordinator,

        // The broker gave up waiting for the join (its replication timed out): join again.
        ErrorCode.RebalanceInProgress => GroupErrorAction.Rejoin,

        // Only a member whose generation is unchanged resets its id; otherwise it simply joins again.
        ErrorCode.UnknownMemberId => current ? GroupErrorAction.ResetMemberIdAndRejoin : GroupErrorAction.Rejoin,
        ErrorCode.MemberIdRequired => GroupErrorAction.RejoinWithReturnedMemberId,
        ErrorCode.FencedInstanceId => GroupErrorAction.Fatal,
        ErrorCode.InconsistentGroupProtocol or ErrorCode.InvalidSessionTimeout or ErrorCode.InvalidGroupId
            or ErrorCode.GroupAuthorizationFailed or ErrorCode.GroupMaxSizeReached => GroupErrorAction.Fatal,

        // Typically a group.instance.id sent to a broker older than 2.3 (JoinGroup v5, KIP-345).
        ErrorCode.UnsupportedVersion => GroupErrorAction.Fatal,
        ErrorCode.RequestTimedOut or ErrorCode.NetworkException => GroupErrorAction.RetryAfterBackoff,
        _ => null,
    };

    private static GroupErrorAction? SyncGroup(ErrorCode error, bool current) => error switch
    {
        ErrorCode.None => GroupErrorAction.Proceed,
        ErrorCode.CoordinatorLoadInProgress => GroupErrorAction.RetryAfterBackoff,
        ErrorCode.CoordinatorNotAvailable or ErrorCode.NotCoordinator => GroupErrorAction.RediscoverCoordinator,
        ErrorCode.RebalanceInProgress => GroupErrorAction.Rejoin,
        ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or ErrorCode.FencedInstanceId when !current => GroupErrorAction.Ignore,
        ErrorCode.IllegalGeneration => GroupErrorAction.RejoinKeepMemberId,
        ErrorCode.UnknownMemberId => GroupErrorAction.ResetMemberIdAndRejoin,
        ErrorCode.FencedInstanceId or ErrorCode.InconsistentGroupProtocol => GroupErrorAction.Fatal,
        ErrorCode.RequestTimedOut or ErrorCode.NetworkException => GroupErrorAction.RetryAfterBackoff,
        _ => null,
    };

    private static GroupErrorAction? Heartbeat(ErrorCode error, bool current) => error switch
    {
        ErrorCode.None => GroupErrorAction.Proceed,
        ErrorCode.CoordinatorLoadInProgress => GroupErrorAction.RetryAfterBackoff,
        ErrorCode.CoordinatorNotAvailable or ErrorCode.NotCoordinator => GroupErrorAction.RediscoverCoordinator,

        // A heartbeat of a generation already left behind says nothing about the current one.
        ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId
            or ErrorCode.FencedInstanceId when !current => GroupErrorAction.Ignore,

        // A stable member rejoins; one already rejoining carries on (the caller knows its state).
        ErrorCode.RebalanceInProgress => GroupErrorAction.Rejoin,
        ErrorCode.IllegalGeneration => GroupErrorAction.RejoinKeepMemberId,
        ErrorCode.UnknownMemberId => GroupErrorAction.ResetMemberIdAndRejoin,
        ErrorCode.FencedInstanceId or ErrorCode.GroupAuthorizationFailed => GroupErrorAction.Fatal,
        ErrorCode.RequestTimedOut or ErrorCode.NetworkException => GroupErrorAction.RetryAfterBackoff,
        _ => null,
    };

    private static GroupErrorAction? LeaveGroup(ErrorCode error) => error switch
    {
        // A member the coordinator no longer knows, or one fenced by a newer instance, is out of the group already.
        ErrorCode.None or ErrorCode.UnknownMemberId or ErrorCode.IllegalGeneration or ErrorCode.FencedInstanceId => GroupErrorAction.Proceed,
        ErrorCode.CoordinatorNotAvailable or ErrorCode.NotCoordinator => GroupErrorAction.RediscoverCoordinator,
        ErrorCode.CoordinatorLoadInProgress or ErrorCode.RequestTimedOut or ErrorCode.NetworkException => GroupErrorAction.RetryAfterBackoff,

        // Leaving is best effort: the session timeout removes the member anyway, so a refusal does not fail the close.
        ErrorCode.GroupAuthorizationFailed => GroupErrorAction.FailRequest,
        _ => null,
    };

    private static GroupErrorAction? OffsetCommit(ErrorCode error, bool current) => error switch
    {
        ErrorCode.None => GroupErrorAction.Proceed,
        ErrorCode.CoordinatorLoadInProgress => GroupErrorAction.RetryAfterBackoff,

        // A commit that timed out or lost its connection may not have reached the coordinator it thinks it has.
        ErrorCode.CoordinatorNotAvailable or ErrorCode.NotCoordinator or ErrorCode.RequestTimedOut
            or ErrorCode.NetworkException => GroupErrorAction.RediscoverCoordinator,
        ErrorCode.RebalanceInProgress => GroupErrorAction.RejoinNoCommit,

        // The member already moved to a newer generation: the commit fails as "rebalance in progress", nothing resets.
        ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId or ErrorCode.FencedInstanceId when !current => GroupErrorAction.RejoinNoCommit,
        ErrorCode.IllegalGeneration => GroupErrorAction.RejoinKeepMemberId,
        ErrorCode.UnknownMemberId => GroupErrorAction.ResetMemberIdAndRejoin,
        ErrorCode.FencedInstanceId or ErrorCode.GroupAuthorizationFailed or ErrorCode.TopicAuthorizationFailed => GroupErrorAction.Fatal,
        ErrorCode.OffsetMetadataTooLarge or ErrorCode.InvalidCommitOffsetSize => GroupErrorAction.FailRequest,
        ErrorCode.UnknownTopicOrPartition => GroupErrorAction.RetryAfterBackoff,
        _ => null,
    };

    private static GroupErrorAction? OffsetFetch(ErrorCode error, bool current) => error switch
    {
        // A committed offset of -1 (none) is also Proceed: the caller applies the reset policy.
        ErrorCode.None => GroupErrorAction.Proceed,
        ErrorCode.CoordinatorLoadInProgress => GroupErrorAction.RetryAfterBackoff,
        ErrorCode.CoordinatorNotAvailable or ErrorCode.NotCoordinator => GroupErrorAction.RediscoverCoordinator,

        // Only OffsetFetch v9+ (KIP-848) names the member; then it is lost as on the heartbeat path.
        ErrorCode.UnknownMemberId => current ? GroupErrorAction.ResetMemberIdAndRejoin : GroupErrorAction.Ignore,
        ErrorCode.GroupAuthorizationFailed or ErrorCode.TopicAuthorizationFailed => GroupErrorAction.Fatal,

        // Java raises "topic or partition does not exist" to the application.
        ErrorCode.UnknownTopicOrPartition => GroupErrorAction.Fatal,

        // Transactional offsets are pending on the partition (OffsetFetch v7 RequireStable).
        ErrorCode.UnstableOffsetCommit => GroupErrorAction.RetryAfterBackoff,
        ErrorCode.RequestTimedOut or ErrorCode.NetworkException => GroupErrorAction.RetryAfterBackoff,
        _ => null,
    };

    /// <summary>The fallback for a code a request's table does not list.</summary>
    private static GroupErrorAction ByClass(ErrorCode error) => error switch
    {
        ErrorCode.None => GroupErrorAction.Proceed,
        ErrorCode.CoordinatorNotAvailable or ErrorCode.NotCoordinator => GroupErrorAction.RediscoverCoordinator,
        ErrorCode.RebalanceInProgress => GroupErrorAction.Rejoin,
        ErrorCode.IllegalGeneration => GroupErrorAction.RejoinKeepMemberId,
        ErrorCode.UnknownMemberId => GroupErrorAction.ResetMemberIdAndRejoin,

        // Retrying cannot change an authorization, a fencing by another instance or the group's configuration.
        ErrorCode.GroupAuthorizationFailed or ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed
            or ErrorCode.FencedInstanceId or ErrorCode.InconsistentGroupProtocol or ErrorCode.InvalidGroupId
            or ErrorCode.InvalidSessionTimeout or ErrorCode.GroupMaxSizeReached => GroupErrorAction.Fatal,
        _ => GroupErrorAction.RetryAfterBackoff,
    };

    private static string Explain(ErrorCode error) => Describe(error) ?? "the broker refused the request";

    /// <summary>What a refusal the application must act on means, in words; null for the codes retries take care of.</summary>
    internal static string? Describe(ErrorCode error) => error switch
    {
        ErrorCode.FencedInstanceId => "another consumer joined with the same group.instance.id and fenced this one",
        ErrorCode.InconsistentGroupProtocol => "the members share no assignor (partition assignment strategy) or protocol type",
        ErrorCode.InvalidGroupId => "the group id is not valid",
        ErrorCode.InvalidSessionTimeout => "the session timeout is outside the broker's group.min/max.session.timeout.ms",
        ErrorCode.GroupAuthorizationFailed => "not authorized to use the group",
        ErrorCode.TopicAuthorizationFailed => "not authorized for a topic",
        ErrorCode.ClusterAuthorizationFailed => "not authorized for the cluster",
        ErrorCode.GroupMaxSizeReached => "the group already has group.max.size members",
        ErrorCode.UnsupportedVersion => "the broker does not support this request version (a group.instance.id needs Kafka 2.3 or later)",
        ErrorCode.UnknownTopicOrPartition => "the topic or partition does not exist",
        ErrorCode.OffsetMetadataTooLarge => "the offset metadata is larger than the broker's offset.metadata.max.bytes",
        ErrorCode.InvalidCommitOffsetSize => "the commit request is too large",
        _ => null,
    };
}
