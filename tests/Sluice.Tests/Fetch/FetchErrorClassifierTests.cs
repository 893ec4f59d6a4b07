using Sluice.Fetch;
using Sluice.Protocol;
using Xunit;

namespace Sluice.Tests.Fetch;

public sealed class FetchErrorClassifierTests
{
    [Theory]
    [InlineData(ErrorCode.OffsetOutOfRange, FetchErrorKind.OffsetOutOfRange)]
    [InlineData(ErrorCode.NotLeaderOrFollower, FetchErrorKind.LeaderChanged)]
    [InlineData(ErrorCode.FencedLeaderEpoch, FetchErrorKind.LeaderChanged)]
    [InlineData(ErrorCode.UnknownLeaderEpoch, FetchErrorKind.LeaderChanged)]
    [InlineData(ErrorCode.UnknownTopicOrPartition, FetchErrorKind.LeaderChanged)]
    [InlineData(ErrorCode.LeaderNotAvailable, FetchErrorKind.LeaderChanged)]
    [InlineData(ErrorCode.ReplicaNotAvailable, FetchErrorKind.LeaderChanged)]
    [InlineData(ErrorCode.KafkaStorageError, FetchErrorKind.LeaderChanged)]
    [InlineData(ErrorCode.UnknownTopicId, FetchErrorKind.LeaderChanged)]
    [InlineData(ErrorCode.InconsistentTopicId, FetchErrorKind.LeaderChanged)]
    [InlineData(ErrorCode.BrokerNotAvailable, FetchErrorKind.LeaderChanged)]
    [InlineData(ErrorCode.TopicAuthorizationFailed, FetchErrorKind.Fatal)]
    [InlineData(ErrorCode.ClusterAuthorizationFailed, FetchErrorKind.Fatal)]
    [InlineData(ErrorCode.UnsupportedCompressionType, FetchErrorKind.Fatal)]
    [InlineData(ErrorCode.UnsupportedForMessageFormat, FetchErrorKind.Fatal)]
    [InlineData(ErrorCode.InvalidTopicException, FetchErrorKind.Fatal)]
    [InlineData(ErrorCode.RequestTimedOut, FetchErrorKind.Retriable)]
    [InlineData(ErrorCode.CorruptMessage, FetchErrorKind.Retriable)]
    [InlineData(ErrorCode.UnknownServerError, FetchErrorKind.Retriable)]
    [InlineData(ErrorCode.ThrottlingQuotaExceeded, FetchErrorKind.Retriable)]
    public void Each_fetch_error_code_maps_to_its_action(ErrorCode code, FetchErrorKind expected) =>
        Assert.Equal(expected, FetchErrorClassifier.Classify(code));

    [Theory]
    [InlineData((short)999)]
    [InlineData((short)-77)]
    [InlineData(short.MaxValue)]
    public void Codes_newer_than_sluice_are_retried_never_fatal(short code) =>
        Assert.Equal(FetchErrorKind.Retriable, FetchErrorClassifier.Classify((ErrorCode)code));

    [Fact]
    public void Every_known_code_has_an_action_and_none_throws()
    {
        foreach (var code in Enum.GetValues<ErrorCode>().Where(c => c != ErrorCode.None))
            Assert.True(Enum.IsDefined(FetchErrorClassifier.Classify(code)), $"{code} has no action");
    }
}
