using Sluice.Fetch.Sessions;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Fetch.Sessions;

public sealed class FetchSessionTests
{
    private static readonly Guid OrdersId = Guid.Parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    private static readonly Guid AuditId = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static readonly Guid RecreatedId = Guid.Parse("22222222-3333-4444-5555-666666666666");

    private static FetchPartition Orders(int partition, long offset, int leaderEpoch = 3, int maxBytes = 1_024) =>
        new("orders", OrdersId, partition, offset, leaderEpoch, maxBytes);

    private static FetchPartition Audit(int partition, long offset) => new("audit", AuditId, partition, offset, 3, 1_024);

    private static FetchPartitionResponse Data(int partition, ErrorCode error = ErrorCode.None) =>
        new(partition, error, 100, 100, 0, [], -1, new byte[] { 1 }, null);

    // A response naming each topic by name (v12 and lower), listing the given partitions.
    private static FetchResponse Answer(int sessionId, ErrorCode error, params FetchPartition[] partitions) => new(
        0,
        error,
        sessionId,
        partitions.GroupBy(p => p.Topic).Select(g => new FetchTopicResponse(g.Key, Guid.Empty, g.Select(p => Data(p.Partition)).ToList())).ToList(),
        []);

    private static FetchResponse Answer(int sessionId, params FetchPartition[] partitions) => Answer(sessionId, ErrorCode.None, partitions);

    // A response naming each topic by id only (v13+), as a broker does when the request did not carry that id.
    private static FetchResponse AnswerById(int sessionId, params (Guid Id, int Partition)[] partitions) => new(
        0,
        ErrorCode.None,
        sessionId,
        partitions.GroupBy(p => p.Id).Select(g => new FetchTopicResponse(null, g.Key, g.Select(p => Data(p.Partition)).ToList())).ToList(),
        []);

    private static string Keys(IEnumerable<FetchPartition> partitions) => string.Join(" ", partitions.Select(p => $"{p.Topic}-{p.Partition}@{p.FetchOffset}"));

    private static string Keys(IEnumerable<FetchTopicPartition> partitions) => string.Join(" ", partitions.Select(p => $"{p.Topic}-{p.Partition}"));

    private static string Keys(FetchSessionResult result) => string.Join(" ", result.Answered.Select(a => $"{a.Key.Topic}-{a.Key.Partition}"));

    // A session on a v12 broker that granted session 42 for orders-0 and orders-1 at offset 10.
    private static FetchSession Open(params FetchPartition[] partitions)
    {
        var session = new FetchSession(12);
        FetchPartition[] wanted = partitions.Length > 0 ? partitions : [Orders(0, 10), Orders(1, 10)];
        session.BuildRequest(wanted);
        session.HandleResponse(Answer(42, wanted));
        Assert.Equal(FetchSessionState.Active, session.State);
        return session;
    }

    [Fact]
    public void A_new_session_starts_with_a_full_fetch_with_id_0_and_epoch_0()
    {
        var session = new FetchSession(12);

        var request = session.BuildRequest([Orders(0, 10), Orders(1, 20)]);

        Assert.Equal(0, request.SessionId);
        Assert.Equal(0, request.SessionEpoch);
        Assert.Equal("orders-0@10 orders-1@20", Keys(request.Partitions));
        Assert.Empty(request.Forgotten);
        Assert.Equal(new VersionRange(7, 12), request.Versions);
        Assert.Equal(FetchSessionState.None, session.State);
        Assert.True(session.IsAwaitingResponse);
    }

    [Fact]
    public void A_broker_granting_a_session_makes_the_next_fetch_incremental_with_epoch_1()
    {
        var session = new FetchSession(12);
        session.BuildRequest([Orders(0, 10), Orders(1, 10)]);

        var result = session.HandleResponse(Answer(42, Orders(0, 10), Orders(1, 10)));
        var next = session.BuildRequest([Orders(0, 10), Orders(1, 10)]);

        Assert.Equal("orders-0 orders-1", Keys(result));
        Assert.False(result.SessionReset);
        Assert.Equal(FetchSessionState.Active, session.State);
        Assert.Equal(42, session.SessionId);
        Assert.Equal(42, next.SessionId);
        Assert.Equal(1, next.SessionEpoch);
        Assert.Empty(next.Partitions);
        Assert.Empty(next.Forgotten);
    }

    [Fact]
    public void An_incremental_fetch_sends_only_partitions_whose_offset_leader_epoch_or_size_changed()
    {
        var session = Open(Orders(0, 10), Orders(1, 10), Orders(2, 10), Orders(3, 10));

        var request = session.BuildRequest([Orders(0, 15), Orders(1, 10, leaderEpoch: 4), Orders(2, 10, maxBytes: 2_048), Orders(3, 10)]);

        Assert.Equal("orders-0@15 orders-1@10 orders-2@10", Keys(request.Partitions));
        Assert.Equal(4, request.Partitions[1].CurrentLeaderEpoch);
        Assert.Equal(2_048, request.Partitions[2].PartitionMaxBytes);
        Assert.Empty(request.Forgotten);
        Assert.Equal(1, request.SessionEpoch);
    }

    [Fact]
    public void An_incremental_fetch_adds_new_partitions_and_forgets_removed_ones()
    {
        var session = Open();

        var request = session.BuildRequest([Orders(0, 10), Audit(5, 0)]);
        session.HandleResponse(Answer(42));

        Assert.Equal("audit-5@0", Keys(request.Partitions));
        Assert.Equal("orders-1", Keys(request.Forgotten));
        Assert.Equal(OrdersId, request.Forgotten[0].TopicId);
        Assert.Equal("orders-0@10 audit-5@0", Keys(session.Partitions));
    }

    [Fact]
    public void Each_answered_incremental_fetch_advances_the_epoch()
    {
        var session = Open();

        var epochs = new List<int>();
        for (var round = 0; round < 3; round++)
        {
            var request = session.BuildRequest([Orders(0, 10 + round), Orders(1, 10)]);
            epochs.Add(request.SessionEpoch);
            session.HandleResponse(Answer(42, Orders(0, 10)));
        }

        Assert.Equal([1, 2, 3], epochs);
        Assert.Equal(4, session.NextEpoch);
    }

    [Fact]
    public void An_incremental_response_answers_only_partitions_with_news_and_the_session_names_them()
    {
        var session = Open(Orders(0, 10), Orders(1, 10), Audit(2, 10));
        session.BuildRequest([Orders(0, 10), Orders(1, 10), Audit(2, 10)]);

        var result = session.HandleResponse(Answer(42, Audit(2, 10)));

        var answered = Assert.Single(result.Answered);
        Assert.Equal(new FetchTopicPartition("audit", AuditId, 2), answered.Key);
        Assert.Equal(2, answered.Response.Partition);
    }

    [Fact]
    public void A_partition_answered_that_the_fetcher_no_longer_wants_is_left_out()
    {
        var session = Open();
        session.BuildRequest([Orders(0, 10)]);

        var result = session.HandleResponse(Answer(42, Orders(0, 10), Orders(1, 10), Audit(9, 0)));

        Assert.Equal("orders-0", Keys(result));
    }

    [Fact]
    public void A_broker_answering_id_0_to_a_session_request_gets_full_sessionless_fetches_with_id_0_and_epoch_minus_1()
    {
        var session = new FetchSession(16);
        session.BuildRequest([Orders(0, 10), Orders(1, 10)]);

        var result = session.HandleResponse(Answer(0, Orders(0, 10), Orders(1, 10)));

        Assert.Equal("orders-0 orders-1", Keys(result));
        Assert.Equal(FetchSessionState.Sessionless, session.State);
        for (var round = 0; round < 3; round++)
        {
            var request = session.BuildRequest([Orders(0, 10), Orders(1, 10)]);
            session.HandleResponse(Answer(0, Orders(0, 10)));

            Assert.Equal(0, request.SessionId);
            Assert.Equal(-1, request.SessionEpoch);
            Assert.Equal("orders-0@10 orders-1@10", Keys(request.Partitions));
            Assert.Empty(request.Forgotten);
            Assert.Equal(new VersionRange(0, 16), request.Versions);
        }

        Assert.Equal(FetchSessionState.Sessionless, session.State);
        Assert.Null(session.BuildCloseRequest());
    }

    [Fact]
    public void A_sessionless_broker_injecting_a_top_level_error_like_the_librdkafka_mock_still_hands_back_the_partitions()
    {
        var session = new FetchSession(16);
        session.BuildRequest([Orders(0, 10)]);
        session.HandleResponse(Answer(0, Orders(0, 10)));
        session.BuildRequest([Orders(0, 10)]);

        var result = session.HandleResponse(Answer(0, ErrorCode.NotLeaderOrFollower, Orders(0, 10)));

        Assert.Equal(ErrorCode.NotLeaderOrFollower, result.Error);
        Assert.False(result.SessionReset);
        Assert.Equal("orders-0", Keys(result));
        Assert.Equal(FetchSessionState.Sessionless, session.State);
    }

    [Fact]
    public void An_error_answering_a_session_request_leaves_no_session_and_asks_again()
    {
        var session = new FetchSession(12);
        session.BuildRequest([Orders(0, 10)]);

        var result = session.HandleResponse(Answer(0, ErrorCode.UnknownServerError, Orders(0, 10)));
        var next = session.BuildRequest([Orders(0, 10)]);

        Assert.Equal("orders-0", Keys(result));
        Assert.Equal(FetchSessionState.None, session.State);
        Assert.Equal(0, next.SessionId);
        Assert.Equal(0, next.SessionEpoch);
    }

    [Theory]
    [InlineData(ErrorCode.FetchSessionIdNotFound)]
    [InlineData(ErrorCode.InvalidFetchSessionEpoch)]
    [InlineData(ErrorCode.FetchSessionTopicIdError)]
    [InlineData(ErrorCode.UnknownServerError)]
    public void A_top_level_error_in_a_session_resets_it_to_a_full_fetch_that_asks_for_a_new_one(ErrorCode error)
    {
        var session = Open();
        session.BuildRequest([Orders(0, 12), Orders(1, 10)]);

        var result = session.HandleResponse(Answer(0, error));
        var next = session.BuildRequest([Orders(0, 12), Orders(1, 10)]);

        Assert.Equal(error, result.Error);
        Assert.True(result.SessionReset);
        Assert.Empty(result.Answered);
        Assert.Equal(FetchSessionState.None, session.State);
        Assert.Equal(0, session.SessionId);
        Assert.Empty(session.Partitions);
        Assert.Equal(0, next.SessionId);
        Assert.Equal(0, next.SessionEpoch);
        Assert.Equal("orders-0@12 orders-1@10", Keys(next.Partitions));
        Assert.Empty(next.Forgotten);
    }

    [Fact]
    public void An_incremental_fetch_answered_with_session_id_0_means_the_broker_closed_the_session()
    {
        var session = Open();
        session.BuildRequest([Orders(0, 10), Orders(1, 10)]);

        var result = session.HandleResponse(Answer(0));

        Assert.True(result.SessionReset);
        Assert.Equal(FetchSessionState.None, session.State);
        Assert.Equal(0, session.BuildRequest([Orders(0, 10)]).SessionEpoch);
    }

    [Fact]
    public void A_reset_session_is_granted_again_and_starts_over_at_epoch_1()
    {
        var session = Open();
        session.BuildRequest([Orders(0, 10), Orders(1, 10)]);
        session.HandleResponse(Answer(42, ErrorCode.InvalidFetchSessionEpoch));

        session.BuildRequest([Orders(0, 10), Orders(1, 10)]);
        session.HandleResponse(Answer(77, Orders(0, 10), Orders(1, 10)));
        var next = session.BuildRequest([Orders(0, 10), Orders(1, 10)]);

        Assert.Equal(77, next.SessionId);
        Assert.Equal(1, next.SessionEpoch);
    }

    [Fact]
    public void An_unanswered_fetch_drops_the_session_because_the_broker_view_is_unknown()
    {
        var session = Open();
        session.BuildRequest([Orders(0, 20), Orders(1, 10)]);

        session.HandleFailure();

        Assert.False(session.IsAwaitingResponse);
        Assert.Equal(FetchSessionState.None, session.State);
        var next = session.BuildRequest([Orders(0, 20), Orders(1, 10)]);
        Assert.Equal(0, next.SessionId);
        Assert.Equal(0, next.SessionEpoch);
        Assert.Equal("orders-0@20 orders-1@10", Keys(next.Partitions));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(41, 42)]
    [InlineData(int.MaxValue - 1, int.MaxValue)]
    [InlineData(int.MaxValue, 1)]
    public void The_session_epoch_wraps_after_int_max_value_back_to_1(int epoch, int next)
    {
        Assert.Equal(next, FetchSession.EpochAfter(epoch));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    public void A_broker_older_than_fetch_v7_never_gets_sessions(short maxVersion)
    {
        var session = new FetchSession(maxVersion);

        Assert.Equal(FetchSessionState.Sessionless, session.State);
        for (var round = 0; round < 2; round++)
        {
            var request = session.BuildRequest([Orders(0, 10 + round)]);
            session.HandleResponse(Answer(0, Orders(0, 10)));

            Assert.Equal(0, request.SessionId);
            Assert.Equal(-1, request.SessionEpoch);
            Assert.True(request.Versions.Contains(maxVersion));
            Assert.Equal("orders-0@" + (10 + round), Keys(request.Partitions));
        }

        Assert.Equal(FetchSessionState.Sessionless, session.State);
        Assert.Null(session.BuildCloseRequest());
    }

    [Fact]
    public void Closing_an_open_session_sends_its_id_with_epoch_minus_1_no_partitions_and_no_wait()
    {
        var session = Open();

        var close = session.BuildCloseRequest(new FetchRequestOptions(MaxWaitMs: 500));

        Assert.NotNull(close);
        Assert.Equal(42, close.SessionId);
        Assert.Equal(-1, close.SessionEpoch);
        Assert.Empty(close.Partitions);
        Assert.Empty(close.Forgotten);
        Assert.Equal(0, close.Options.MaxWaitMs);
        Assert.Equal(new VersionRange(7, 12), close.Versions);
        Assert.Equal(FetchSessionState.None, session.State);
        Assert.Null(session.BuildCloseRequest());
    }

    [Fact]
    public void Closing_with_a_fetch_in_flight_abandons_that_fetch()
    {
        var session = Open();
        session.BuildRequest([Orders(0, 10), Orders(1, 10)]);

        var close = session.BuildCloseRequest();

        Assert.Equal(42, close!.SessionId);
        Assert.False(session.IsAwaitingResponse);
        Assert.Throws<InvalidOperationException>(() => session.HandleResponse(Answer(42)));
    }

    [Fact]
    public void Closing_without_a_session_builds_nothing()
    {
        Assert.Null(new FetchSession(12).BuildCloseRequest());
    }

    [Fact]
    public void A_session_on_a_v13_broker_names_topics_by_id_and_maps_answers_back_to_names()
    {
        var session = new FetchSession(16);
        var create = session.BuildRequest([Orders(0, 10), Audit(1, 10)]);
        session.HandleResponse(Answer(42, Orders(0, 10), Audit(1, 10)));
        var incremental = session.BuildRequest([Orders(0, 11), Audit(1, 10)]);

        var result = session.HandleResponse(AnswerById(42, (AuditId, 1), (OrdersId, 0)));

        Assert.Equal(new VersionRange(7, 16), create.Versions);
        Assert.Equal("orders-0@11", Keys(incremental.Partitions));
        Assert.Equal("audit-1 orders-0", Keys(result));
        Assert.Equal(AuditId, result.Answered[0].Key.TopicId);
    }

    [Fact]
    public void An_answer_for_a_topic_id_the_session_does_not_know_is_left_out()
    {
        var session = new FetchSession(16);
        session.BuildRequest([Orders(0, 10)]);

        var result = session.HandleResponse(AnswerById(42, (RecreatedId, 0), (OrdersId, 0)));

        Assert.Equal("orders-0", Keys(result));
    }

    [Fact]
    public void An_answer_naming_the_topic_with_another_id_is_left_out()
    {
        var session = new FetchSession(16);
        session.BuildRequest([Orders(0, 10)]);
        var stale = new FetchResponse(0, ErrorCode.None, 42, [new FetchTopicResponse("orders", RecreatedId, [Data(0)])], []);

        Assert.Empty(session.HandleResponse(stale).Answered);
    }

    [Fact]
    public void A_partition_without_a_topic_id_joining_an_id_session_restarts_it_with_topic_names()
    {
        var session = new FetchSession(16);
        session.BuildRequest([Orders(0, 10)]);
        session.HandleResponse(Answer(42, Orders(0, 10)));

        var request = session.BuildRequest([Orders(0, 10), new FetchPartition("legacy", Guid.Empty, 0, 0, -1, 1_024)]);

        Assert.Equal(0, request.SessionId);
        Assert.Equal(0, request.SessionEpoch);
        Assert.Equal("orders-0@10 legacy-0@0", Keys(request.Partitions));
        Assert.Equal(new VersionRange(7, 12), request.Versions);
    }

    [Fact]
    public void A_session_opened_with_names_stays_at_v12_even_when_only_partitions_with_ids_change()
    {
        var session = new FetchSession(16);
        var legacy = new FetchPartition("legacy", Guid.Empty, 0, 0, -1, 1_024);
        session.BuildRequest([Orders(0, 10), legacy]);
        session.HandleResponse(Answer(42, Orders(0, 10), legacy));

        var request = session.BuildRequest([Orders(0, 11), legacy]);

        Assert.Equal(1, request.SessionEpoch);
        Assert.Equal("orders-0@11", Keys(request.Partitions));
        Assert.Equal(new VersionRange(7, 12), request.Versions);
    }

    [Fact]
    public void A_recreated_topic_in_an_id_session_forgets_the_old_id_and_adds_the_new_one()
    {
        var session = new FetchSession(16);
        session.BuildRequest([Orders(0, 10)]);
        session.HandleResponse(Answer(42, Orders(0, 10)));

        var request = session.BuildRequest([Orders(0, 10) with { TopicId = RecreatedId }]);

        Assert.Equal(RecreatedId, Assert.Single(request.Partitions).TopicId);
        Assert.Equal(new FetchTopicPartition("orders", OrdersId, 0), Assert.Single(request.Forgotten));
    }

    [Fact]
    public void A_topic_id_learnt_in_a_session_with_names_is_not_a_change_on_the_wire()
    {
        var session = new FetchSession(12);
        session.BuildRequest([Orders(0, 10) with { TopicId = Guid.Empty }]);
        session.HandleResponse(Answer(42, Orders(0, 10)));

        var request = session.BuildRequest([Orders(0, 10)]);

        Assert.Empty(request.Partitions);
        Assert.Empty(request.Forgotten);
    }

    [Fact]
    public void A_second_fetch_cannot_be_built_before_the_first_is_answered()
    {
        var session = new FetchSession(12);
        session.BuildRequest([Orders(0, 10)]);

        Assert.Throws<InvalidOperationException>(() => session.BuildRequest([Orders(0, 10)]));
    }

    [Fact]
    public void A_response_without_a_fetch_waiting_for_it_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new FetchSession(12).HandleResponse(Answer(0)));
    }

    [Fact]
    public void A_partition_wanted_twice_is_refused()
    {
        var session = new FetchSession(12);

        Assert.Throws<ArgumentException>(() => session.BuildRequest([Orders(0, 10), Orders(0, 20)]));
        Assert.Throws<ArgumentException>(() => session.BuildRequest([null!]));
        Assert.False(session.IsAwaitingResponse);
    }

    [Fact]
    public void The_session_request_carries_the_callers_options()
    {
        var options = new FetchRequestOptions(MaxWaitMs: 100, MinBytes: 10, MaxBytes: 1_000, RackId: "r1");

        var request = new FetchSession(12).BuildRequest([Orders(0, 10)], options);

        Assert.Same(options, request.Options);
    }
}
