using Sluice.Protocol;
using Sluice.Protocol.Messages;

namespace Sluice.Group;

/// <summary>
/// Turns the group error table's decisions (<see cref="GroupErrorClassifier"/>, the one place that decides) into
/// what the member's actors do about them.
/// </summary>
internal static class GroupErrors
{
    /// <summary>What a Heartbeat error means for the member; null when there is nothing to do.</summary>
    public static GroupTrouble? ForHeartbeat(ErrorCode error) => For(ApiKey.Heartbeat, error) switch
    {
        GroupTrouble.Retry or GroupTrouble.RequestFailed => null,
        var trouble => trouble,
    };

    /// <summary>What a JoinGroup or SyncGroup error means (MEMBER_ID_REQUIRED is handled by the caller).</summary>
    public static GroupTrouble ForJoinOrSync(ErrorCode error, ApiKey api = ApiKey.JoinGroup) => For(api, error) ?? GroupTrouble.Retry;

    /// <summary>What an OffsetCommit error means.</summary>
    public static GroupTrouble ForCommit(ErrorCode error) => For(ApiKey.OffsetCommit, error) ?? GroupTrouble.Retry;

    /// <summary>What an OffsetFetch error means.</summary>
    public static GroupTrouble ForOffsetFetch(ErrorCode error) => For(ApiKey.OffsetFetch, error) ?? GroupTrouble.Retry;

    /// <summary>
    /// How much an action demands, for answers that carry several errors (one per partition): the most severe
    /// decides for the whole request.
    /// </summary>
    public static int Severity(GroupTrouble trouble) => trouble switch
    {
        GroupTrouble.Fatal or GroupTrouble.RequestFailed => 5,
        GroupTrouble.MembershipLost => 4,
        GroupTrouble.StaleGeneration => 3,
        GroupTrouble.Rebalance => 2,
        GroupTrouble.CoordinatorLost => 1,
        _ => 0,
    };

    /// <summary>
    /// The error that decides for an answer carrying <paramref name="current"/> and <paramref name="candidate"/>:
    /// the more severe as <paramref name="classify"/> sees them, the earlier of equals; <see cref="ErrorCode.None"/>
    /// never wins over an error.
    /// </summary>
    public static ErrorCode MoreSevere(ErrorCode current, ErrorCode candidate, Func<ErrorCode, GroupTrouble> classify) =>
        candidate != ErrorCode.None && (current == ErrorCode.None || Severity(classify(candidate)) > Severity(classify(current)))
            ? candidate
            : current;

    /// <summary>The error that decides for an OffsetFetch answer (the request's own, then each partition's), or None.</summary>
    public static ErrorCode Worst(OffsetFetchResponse response)
    {
        var worst = response.Error;
        foreach (var topic in response.Topics)
        {
            foreach (var partition in topic.Partitions)
                worst = MoreSevere(worst, partition.Error, ForOffsetFetch);
        }

        return worst;
    }

    /// <summary>
    /// Why the coordinator refused some of a commit's partitions, as the error of the partition that demands the most
    /// (it decides for the whole commit), naming how many failed and one of them; null when every partition went in.
    /// </summary>
    public static GroupErrorException? Refusal(string groupId, OffsetCommitResponse response)
    {
        var worst = ErrorCode.None;
        var failed = 0;
        TopicPartition? example = null;
        foreach (var topic in response.Topics)
        {
            foreach (var partition in topic.Partitions)
            {
                if (partition.Error == ErrorCode.None)
                    continue;
                failed++;
                example ??= new TopicPartition(topic.Name, partition.Partition);
                worst = MoreSevere(worst, partition.Error, ForCommit);
            }
        }

        return failed == 0 ? null : new GroupErrorException(groupId, ApiKey.OffsetCommit, worst, $"{failed} partition(s), e.g. {example}");
    }

    private static GroupTrouble? For(ApiKey api, ErrorCode error) => GroupErrorClassifier.Classify(api, error).Action switch
    {
        GroupErrorAction.Proceed or GroupErrorAction.Ignore => null,
        GroupErrorAction.RetryAfterBackoff or GroupErrorAction.RejoinWithReturnedMemberId => GroupTrouble.Retry,
        GroupErrorAction.RediscoverCoordinator => GroupTrouble.CoordinatorLost,
        // A commit that met a rebalance fails, and the member rejoins as itself: nothing it holds is lost yet.
        GroupErrorAction.Rejoin or GroupErrorAction.RejoinNoCommit => GroupTrouble.Rebalance,
        GroupErrorAction.RejoinKeepMemberId => GroupTrouble.StaleGeneration,
        GroupErrorAction.ResetMemberIdAndRejoin => GroupTrouble.MembershipLost,
        GroupErrorAction.FailRequest => GroupTrouble.RequestFailed,
        _ => GroupTrouble.Fatal,
    };
}
