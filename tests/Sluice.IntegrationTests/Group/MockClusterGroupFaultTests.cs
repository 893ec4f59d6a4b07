using System.Text;
using Akka.Actor;
using Sluice.Cluster;
using Sluice.Group;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Sluice.Settings;
using Sluice.TestKit.Mock;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Group;

/// <summary>Group membership under coordinator errors injected into librdkafka's mock. Each test has its own cluster.</summary>
public sealed class MockClusterGroupFaultTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output), IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private MockCluster _cluster = null!;
    private ConsumerSettings _settings = null!;

    public async Task InitializeAsync()
    {
        _cluster = await MockCluster.StartAsync();
        await _cluster.CreateTopicAsync("events", 4);
        _settings = ConsumerSettings.Default.WithBootstrapServers(_cluster.BootstrapServers).WithGroupId("faults").WithTopics("events") with
        {
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            SessionTimeout = TimeSpan.FromSeconds(6),
            RebalanceTimeout = TimeSpan.FromSeconds(6),
            RebalanceBackoff = TimeSpan.FromMilliseconds(100),
            OffsetsChannelBackoff = TimeSpan.FromMilliseconds(50),
            FetchWaitMax = TimeSpan.FromMilliseconds(50),
        };
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData(ErrorCode.RebalanceInProgress)]
    [InlineData(ErrorCode.IllegalGeneration)]
    public async Task A_heartbeat_saying_the_group_rebalances_makes_the_member_rejoin_in_a_new_generation(ErrorCode error)
    {
        await using var member = await ManagedBalancedConsumer.CreateAsync(Sys, _settings);
        var before = await member.GetStateAsync();

        await _cluster.PushRequestErrorsAsync((short)ApiKey.Heartbeat, (short)error);

        await AwaitAssertAsync(async () =>
        {
            var now = await member.GetStateAsync();
            Assert.Equal(MemberState.Stable, now.State);
            Assert.True(now.GenerationId > before.GenerationId);
            Assert.Equal(before.MemberId, now.MemberId);
            Assert.Equal(4, now.Assignment.Count);
        }, Patience);
    }

    [Fact]
    public async Task A_heartbeat_saying_the_member_is_unknown_gives_up_the_partitions_without_committing_and_rejoins_afresh()
    {
        await using var member = await ManagedBalancedConsumer.CreateAsync(Sys, _settings.WithAutoCommit(true, TimeSpan.FromMinutes(10)));
        var before = await member.GetStateAsync();

        await _cluster.PushRequestErrorsAsync((short)ApiKey.Heartbeat, (short)ErrorCode.UnknownMemberId);

        await AwaitAssertAsync(async () =>
        {
            var now = await member.GetStateAsync();
            Assert.Equal(MemberState.Stable, now.State);
            Assert.NotEqual(before.MemberId, now.MemberId);
        }, Patience);
        Assert.Contains(await Drain(member), e => e is GroupEvent.Lost);
    }

    [Fact]
    public async Task A_coordinator_that_stops_answering_as_coordinator_is_looked_up_again_without_losing_the_membership()
    {
        await using var member = await ManagedBalancedConsumer.CreateAsync(Sys, _settings);
        var before = await member.GetStateAsync();

        await _cluster.PushRequestErrorsAsync((short)ApiKey.Heartbeat, (short)ErrorCode.NotCoordinator, (short)ErrorCode.CoordinatorNotAvailable);

        // The failed heartbeats send the member looking for the coordinator again; it comes back to the same
        // generation and member id instead of rejoining.
        await NextCoordinatorFoundAsync(member);
        var now = await member.GetStateAsync();
        Assert.Equal(MemberState.Stable, now.State);
        Assert.Equal(before.GenerationId, now.GenerationId);
        Assert.Equal(before.MemberId, now.MemberId);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task A_join_failing_every_time_is_tried_exactly_rebalance_max_retries_times_then_fails_with_a_typed_error(int maxRetries)
    {
        var settings = _settings with { RebalanceMaxRetries = maxRetries };

        // One failure fewer than the limit: the last try gets through.
        await _cluster.PushRequestErrorsAsync((short)ApiKey.JoinGroup, Enumerable.Repeat((short)ErrorCode.CoordinatorLoadInProgress, maxRetries - 1).ToArray());
        await using (var joins = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithGroupId($"joins-{maxRetries}")))
            Assert.Equal(MemberState.Stable, (await joins.GetStateAsync()).State);

        // As many failures as the limit: the member gives up with the typed error.
        await _cluster.PushRequestErrorsAsync((short)ApiKey.JoinGroup, Enumerable.Repeat((short)ErrorCode.CoordinatorLoadInProgress, maxRetries).ToArray());
        var failure = await Assert.ThrowsAsync<RebalanceFailedException>(() => ManagedBalancedConsumer.CreateAsync(Sys, settings.WithGroupId($"fails-{maxRetries}")));
        Assert.Equal(maxRetries, failure.Attempts);
        Assert.Contains(nameof(ErrorCode.CoordinatorLoadInProgress), failure.Message);
        await _cluster.ClearRequestErrorsAsync((short)ApiKey.JoinGroup);
    }

    [Fact]
    public async Task Commits_failing_every_time_are_retried_as_configured_then_the_failure_reaches_the_caller()
    {
        var settings = _settings with { OffsetsCommitMaxRetries = 2 };
        await ProduceAsync(10);
        await using var member = await ManagedBalancedConsumer.CreateAsync(Sys, settings);
        await member.ConsumeExactlyAsync(40, Patience);

        await _cluster.PushRequestErrorsAsync((short)ApiKey.OffsetCommit, Enumerable.Repeat((short)ErrorCode.CoordinatorLoadInProgress, 2).ToArray());
        await member.CommitOffsetsAsync();

        await _cluster.PushRequestErrorsAsync((short)ApiKey.OffsetCommit, Enumerable.Repeat((short)ErrorCode.CoordinatorLoadInProgress, 3).ToArray());
        var failure = await Assert.ThrowsAsync<CommitFailedException>(() => member.CommitOffsetsAsync(new Dictionary<TopicPartition, long> { [new("events", 0)] = 5 }));
        Assert.Equal(3, failure.Attempts);
        Assert.Equal(5, failure.Offsets[new TopicPartition("events", 0)]);
    }

    [Fact]
    public async Task A_member_killed_without_leaving_loses_its_partitions_to_the_survivor_after_the_session_timeout_and_nothing_is_lost()
    {
        await ProduceAsync(25);
        var doomedSystem = ActorSystem.Create("doomed");
        var doomed = await ManagedBalancedConsumer.CreateAsync(doomedSystem, _settings.WithClientId("doomed"));
        await using var survivor = await ManagedBalancedConsumer.CreateAsync(Sys, _settings.WithClientId("survivor"));
        await AwaitAssertAsync(async () =>
        {
            Assert.Equal(2, (await doomed.GetStateAsync()).Assignment.Count);
            Assert.Equal(2, (await survivor.GetStateAsync()).Assignment.Count);
        }, Patience);
        var doomedRecords = await doomed.ConsumeExactlyAsync(50, Patience);
        await doomed.CommitOffsetsAsync();
        var killedAt = DateTime.UtcNow;

        // No LeaveGroup: the process is gone as far as the coordinator can tell.
        await doomedSystem.Terminate();
        AwaitAssert(() => Assert.True(doomed.Metadata.IsDisposed, "the killed member's metadata connections are still open"), Patience);
        await AwaitAssertAsync(async () => Assert.Equal(4, (await survivor.GetStateAsync()).Assignment.Count), Patience);

        Assert.True(DateTime.UtcNow - killedAt >= _settings.SessionTimeout - TimeSpan.FromSeconds(1.5));
        var survivorRecords = await survivor.ConsumeExactlyAsync(50, Patience);
        var all = doomedRecords.Concat(survivorRecords).Select(r => (r.Partition, r.Offset)).ToList();
        Assert.Equal(100, all.Distinct().Count());
    }

    [Fact]
    public async Task Under_cooperative_sticky_a_joining_member_takes_only_what_moves_and_the_rest_keeps_flowing()
    {
        var settings = _settings.WithAssignmentStrategies("cooperative-sticky").WithAutoCommit(true, TimeSpan.FromMinutes(10));
        await ProduceAsync(10);
        await using var first = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("first"));
        await first.ConsumeExactlyAsync(40, Patience);
        var firstGeneration = (await first.GetStateAsync()).GenerationId;
        while (first.Events.TryRead(out _))
        {
        }

        await using var second = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("second"));
        await AwaitAssertAsync(async () =>
        {
            var a = await first.GetStateAsync();
            var b = await second.GetStateAsync();
            Assert.Equal(MemberState.Stable, a.State);
            Assert.Equal(MemberState.Stable, b.State);
            Assert.Equal(2, a.Assignment.Count);
            Assert.Equal(2, b.Assignment.Count);
        }, Patience);

        // The first member gave up exactly the two partitions the second now holds, and never the two it kept.
        var kept = await first.GetPartitionsAsync();
        var moved = await second.GetPartitionsAsync();
        var events = await Drain(first);
        var revoked = events.OfType<GroupEvent.Revoked>().SelectMany(r => r.Partitions).ToHashSet();
        Assert.Equal(moved.ToHashSet(), revoked);
        Assert.Empty(kept.Intersect(revoked));
        Assert.DoesNotContain(events, e => e is GroupEvent.Lost);
        Assert.True((await first.GetStateAsync()).GenerationId > firstGeneration);

        // The kept partitions continued where they were: new records there come to the first member, nothing twice.
        await ProduceAsync(5);
        var more = await first.ConsumeExactlyAsync(10, Patience);
        Assert.All(more, r => Assert.Contains(new TopicPartition("events", r.Partition), kept));
        Assert.All(more, r => Assert.InRange(r.Offset, 10, 14));
    }

    private async Task ProduceAsync(int perPartition)
    {
        await using var metadata = ClusterMetadata.Create(_cluster.BootstrapServers);
        var batch = Enumerable.Range(0, 4).ToDictionary(p => p, p => (IReadOnlyList<ProduceRecord>)Enumerable.Range(0, perPartition)
            .Select(i => new ProduceRecord(null, Encoding.UTF8.GetBytes($"{p}/{i}"), 0)).ToList());
        await TestProducer.ProduceAsync(metadata, "events", batch, CompressionCodec.None);
    }

    private static async Task NextCoordinatorFoundAsync(ManagedBalancedConsumer member)
    {
        using var deadline = new CancellationTokenSource(Patience);
        var lookups = 0;
        await foreach (var e in member.Events.ReadAllAsync(deadline.Token))
        {
            if (e is GroupEvent.CoordinatorFound && ++lookups == 2)
                return;
        }
    }

    private static async Task<List<GroupEvent>> Drain(ManagedBalancedConsumer consumer)
    {
        var events = new List<GroupEvent>();
        while (consumer.Events.TryRead(out var e))
            events.Add(e);
        return await Task.FromResult(events);
    }
}
