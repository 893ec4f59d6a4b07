using Sluice.Protocol;

namespace Sluice.Fetch;

/// <summary>
/// Maps a partition error code from a Fetch answer to what the reader does about it: the one place that
/// decides. A code not listed (including codes newer than Sluice) is retried after a backoff, never a crash.
/// </summary>
public static class FetchErrorClassifier
{
    /// <summary>The action for <paramref name="error"/>; not called for <see cref="ErrorCode.None"/>.</summary>
    public static FetchErrorKind Classify(ErrorCode error) => error switch
    {
        ErrorCode.OffsetOutOfRange => FetchErrorKind.OffsetOutOfRange,

        // The broker does not lead the partition (any more), its epoch is ahead of or behind ours, or it does not
        // know the topic (deleted and recreated, or metadata not yet propagated): ask the cluster where it is now.
        ErrorCode.NotLeaderOrFollower or ErrorCode.FencedLeaderEpoch or ErrorCode.UnknownLeaderEpoch
            or ErrorCode.UnknownTopicOrPartition or ErrorCode.LeaderNotAvailable or ErrorCode.ReplicaNotAvailable
            or ErrorCode.KafkaStorageError or ErrorCode.UnknownTopicId or ErrorCode.InconsistentTopicId
            or ErrorCode.NotCoordinator or ErrorCode.BrokerNotAvailable => FetchErrorKind.LeaderChanged,

        // Reading this partition is refused for good: retrying changes nothing.
        ErrorCode.TopicAuthorizationFailed or ErrorCode.ClusterAuthorizationFailed
            or ErrorCode.UnsupportedCompressionType or ErrorCode.UnsupportedForMessageFormat
            or ErrorCode.InvalidTopicException => FetchErrorKind.Fatal,

        _ => FetchErrorKind.Retriable,
    };
}
