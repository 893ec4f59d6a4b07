using System.Text;
using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.Group;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Sluice.Settings;
using Sluice.TestKit;
using Sluice.TestKit.Legacy;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Group;

/// <summary>Group membership scenarios that every broker backend must pass, Kafka 0.9 included.</summary>
public abstract class GroupScenarios(IKafkaTestCluster cluster, ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    /// <summary>The cluster under test.</summary>
    protected IKafkaTestCluster Cluster { get; } = cluster;

    /// <summary>
    /// Whether the coordinator completes a rebalance as soon as every member has rejoined, as Kafka does.
    /// librdkafka's mock waits for its rebalance timer (a little under the session timeout) whoever rejoined, so
    /// how fast the others take over says nothing there about whether a member left.
    /// </summary>
    protected virtual bool RebalancesEndWhenEveryMemberRejoined => true;

    /// <summary>
    /// Whether the coordinator stores a commit from no generation for a group whose members have all left, as Kafka
    /// does for an empty group. librdkafka's mock keeps refusing it (UNKNOWN_MEMBER_ID) once the group has had members.
    /// </summary>
    protected virtual bool StoresCommitsFromOutsideOnceEmpty => true;

    [ScenarioFact]
    public async Task Three_members_of_a_group_split_six_partitions_two_each_with_range()
    {
        var (topic, settings) = await NewGroupAsync(partitions: 6);
        await using var a = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("a"));
        await using var b = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("b"));
        await using var c = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("c"));

        var members = await AwaitBalancedAsync([a, b, c], totalPartitions: 6);

        Assert.All(members, m => Assert.Equal(2, m.Assignment.Count));
        Assert.All(members, m => Assert.All(m.Assignment, p => Assert.Equal(topic, p.Topic)));
    }

    [ScenarioFact]
    public async Task A_member_that_stops_leaves_at_once_and_the_others_take_its_partitions()
    {
        var (_, settings) = await NewGroupAsync(partitions: 4);
        await using var a = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("a"));
        await using var b = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("b"));
        await AwaitBalancedAsync([a, b], totalPartitions: 4);

        var leaving = await b.GetStateAsync();
        var stopped = DateTime.UtcNow;
        await b.StopAsync();

        // The coordinator heard the member leave: it is gone from the group the moment the stop returns.
        Assert.False(await Groups.KnowsMemberAsync(Cluster, settings.GroupId, leaving));
        var survivors = await AwaitBalancedAsync([a], totalPartitions: 4);
        Assert.Equal(4, survivors.Single().Assignment.Count);
        if (RebalancesEndWhenEveryMemberRejoined)
            Assert.True(DateTime.UtcNow - stopped < settings.SessionTimeout, $"took {(DateTime.UtcNow - stopped).TotalSeconds:0.0} s");
    }

    [ScenarioFact]
    public async Task Records_are_consumed_once_across_the_group_and_a_restart_resumes_from_committed_offsets()
    {
        var (topic, settings) = await NewGroupAsync(partitions: 4);
        await ProduceAsync(topic, partitions: 4, perPartition: 25, firstIndex: 0);

        await using (var first = await ManagedBalancedConsumer.CreateAsync(Sys, settings))
        {
            var records = await first.ConsumeExactlyAsync(100, Patience);
            Assert.Equal(100, records.Select(r => (r.Partition, r.Offset)).Distinct().Count());
            await first.CommitOffsetsAsync();
        }

        await ProduceAsync(topic, partitions: 4, perPartition: 5, firstIndex: 25);
        await using var second = await ManagedBalancedConsumer.CreateAsync(Sys, settings);
        var rest = await second.ConsumeExactlyAsync(20, Patience);

        Assert.All(rest, r => Assert.InRange(r.Offset, 25, 29));
        Assert.Equal(20, rest.Select(r => (r.Partition, r.Offset)).Distinct().Count());
        Assert.Empty(await second.ConsumeAsync(100, TimeSpan.FromMilliseconds(500)));
    }

    [ScenarioFact]
    public async Task Consuming_from_a_stopped_consumer_raises_instead_of_waiting_for_ever()
    {
        var (topic, settings) = await NewGroupAsync(partitions: 1);
        await ProduceAsync(topic, partitions: 1, perPartition: 3, firstIndex: 0);
        await using var member = await ManagedBalancedConsumer.CreateAsync(Sys, settings);

        await member.StopAsync();

        var stopped = await Assert.ThrowsAsync<ConsumerStoppedException>(() => member.ConsumeAsync(block: true));
        Assert.Equal(settings.GroupId, stopped.GroupId);
    }

    [ScenarioFact]
    public async Task Stopping_with_auto_commit_commits_what_was_consumed()
    {
        var (topic, settings) = await NewGroupAsync(partitions: 2);
        await ProduceAsync(topic, partitions: 2, perPartition: 10, firstIndex: 0);
        var autoCommitting = settings.WithAutoCommit(true, TimeSpan.FromMinutes(10));

        await using (var first = await ManagedBalancedConsumer.CreateAsync(Sys, autoCommitting))
            await first.ConsumeExactlyAsync(20, Patience);

        await using var second = await ManagedBalancedConsumer.CreateAsync(Sys, autoCommitting);
        Assert.All(await second.GetHeldOffsetsAsync(), kv => Assert.Equal(10, kv.Value));
    }

    [ScenarioFact]
    public async Task The_post_rebalance_callback_sees_the_old_and_new_offsets_and_its_overrides_apply()
    {
        var (topic, settings) = await NewGroupAsync(partitions: 2);
        await ProduceAsync(topic, partitions: 2, perPartition: 10, firstIndex: 0);
        var calls = new List<(IReadOnlyDictionary<TopicPartition, long> Previous, IReadOnlyDictionary<TopicPartition, long> Assigned)>();
        PostRebalanceCallback callback = (previous, assigned) =>
        {
            calls.Add((previous, assigned));
            return assigned.Keys.ToDictionary(p => p, _ => StartPosition.AtOffset(7));
        };

        await using var member = await ManagedBalancedConsumer.CreateAsync(Sys, settings, callback);
        var records = await member.ConsumeExactlyAsync(6, Patience);

        var call = Assert.Single(calls);
        Assert.Empty(call.Previous);
        Assert.All(call.Assigned, kv => Assert.Equal(-1, kv.Value));
        Assert.All(records, r => Assert.InRange(r.Offset, 7, 9));
        Assert.All(await member.GetHeldOffsetsAsync(), kv => Assert.Equal(10, kv.Value));
    }

    [ScenarioFact]
    public async Task A_failing_post_rebalance_callback_fails_the_attempt_and_the_error_reaches_the_user()
    {
        var (_, settings) = await NewGroupAsync(partitions: 1);
        PostRebalanceCallback callback = (_, _) => throw new InvalidOperationException("callback refused");

        var failure = await Assert.ThrowsAsync<RebalanceFailedException>(() => ManagedBalancedConsumer.CreateAsync(Sys, settings with { RebalanceMaxRetries = 2 }, callback));

        Assert.Contains("callback refused", failure.Message);
        Assert.Equal(2, failure.Attempts);
    }

    [ScenarioFact]
    public async Task Reset_offset_on_start_ignores_committed_offsets_on_the_first_assignment_only()
    {
        var (topic, settings) = await NewGroupAsync(partitions: 1);
        await ProduceAsync(topic, partitions: 1, perPartition: 10, firstIndex: 0);
        await using (var committer = await ManagedBalancedConsumer.CreateAsync(Sys, settings))
        {
            await committer.ConsumeExactlyAsync(10, Patience);
            await committer.CommitOffsetsAsync();
        }

        await using var resetting = await ManagedBalancedConsumer.CreateAsync(Sys, settings with { ResetOffsetOnStart = true });

        Assert.Equal(0, (await resetting.ConsumeExactlyAsync(1, Patience))[0].Offset);
    }

    [ScenarioFact]
    public async Task In_read_only_mode_committed_offsets_are_not_applied()
    {
        var (topic, settings) = await NewGroupAsync(partitions: 1);
        await ProduceAsync(topic, partitions: 1, perPartition: 10, firstIndex: 0);
        await using (var committer = await ManagedBalancedConsumer.CreateAsync(Sys, settings))
        {
            await committer.ConsumeExactlyAsync(5, Patience);
            await committer.CommitOffsetsAsync();
        }

        await using var reader = await ManagedBalancedConsumer.CreateAsync(Sys, settings with { ResetOffsetOnFetch = false, AutoOffsetReset = OffsetReset.Latest });

        Assert.All(await reader.GetHeldOffsetsAsync(), kv => Assert.True(kv.Value is -1 or 10));
        await AwaitAssertAsync(async () => Assert.All(await reader.GetHeldOffsetsAsync(), kv => Assert.Equal(10, kv.Value)), Patience);
    }

    [ScenarioFact]
    public async Task Resetting_offsets_moves_the_positions_and_commits_them()
    {
        var (topic, settings) = await NewGroupAsync(partitions: 2);
        await ProduceAsync(topic, partitions: 2, perPartition: 10, firstIndex: 0);
        await using (var member = await ManagedBalancedConsumer.CreateAsync(Sys, settings))
        {
            await member.ConsumeExactlyAsync(20, Patience);
            await member.ResetOffsetsAsync(new Dictionary<TopicPartition, StartPosition>
            {
                [new(topic, 0)] = StartPosition.Earliest,
                [new(topic, 1)] = StartPosition.AtOffset(6),
            });

            var again = await member.ConsumeExactlyAsync(14, Patience);
            Assert.Equal(10, again.Count(r => r.Partition == 0));
            Assert.All(again.Where(r => r.Partition == 1), r => Assert.InRange(r.Offset, 6, 9));
        }

        // The reset positions were committed: a new member starts there, not at the end of what was consumed.
        await using var next = await ManagedBalancedConsumer.CreateAsync(Sys, settings);
        Assert.Equal(new Dictionary<TopicPartition, long> { [new(topic, 0)] = 0, [new(topic, 1)] = 6 }, (await next.GetHeldOffsetsAsync()).ToDictionary());
    }

    [ScenarioFact]
    public async Task A_blocking_consume_returns_nothing_after_the_consumer_timeout_and_a_non_blocking_one_at_once()
    {
        var (_, settings) = await NewGroupAsync(partitions: 1);
        await using var member = await ManagedBalancedConsumer.CreateAsync(Sys, settings with { ConsumerTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.Null(await member.ConsumeAsync(block: true));
        Assert.Null(await member.ConsumeAsync(block: false));
    }

    [ScenarioFact]
    public async Task Auto_commit_commits_on_its_interval_while_the_member_runs()
    {
        var (topic, settings) = await NewGroupAsync(partitions: 1);
        await ProduceAsync(topic, partitions: 1, perPartition: 10, firstIndex: 0);
        await using var member = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithAutoCommit(true, TimeSpan.FromMilliseconds(200)));
        await member.ConsumeExactlyAsync(10, Patience);

        // Another group member's view of the committed offset moves without an explicit commit or a stop.
        await AwaitAssertAsync(async () =>
        {
            await using var metadata = Cluster.OpenMetadata();
            Assert.Equal(10, await CommittedOffsetAsync(metadata, settings.GroupId, new TopicPartition(topic, 0)));
        }, Patience, TimeSpan.FromMilliseconds(200));
    }

    [ScenarioFact]
    public async Task Members_subscribed_by_pattern_take_up_a_matching_topic_created_later_and_leave_others_alone()
    {
        var prefix = $"p{Guid.NewGuid():N}"[..12];
        await Cluster.CreateTopicAsync($"{prefix}-a", 2);
        var (_, group) = await NewGroupAsync(partitions: 1);
        var settings = group with { TopicPattern = $"{prefix}-.*", MetadataMaxAge = TimeSpan.FromMilliseconds(500) };
        await using var a = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("a"));
        await using var b = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("b"));
        await AwaitBalancedAsync([a, b], totalPartitions: 2);

        await Cluster.CreateTopicAsync($"other-{prefix}", 2);
        await Cluster.CreateTopicAsync($"{prefix}-b", 2);
        var after = await AwaitBalancedAsync([a, b], totalPartitions: 4);

        Assert.Equal([$"{prefix}-a", $"{prefix}-b"], after.SelectMany(m => m.Assignment).Select(p => p.Topic).Distinct().Order());
        await ProduceAsync($"{prefix}-b", partitions: 2, perPartition: 5, firstIndex: 0);
        var held = after.ToDictionary(m => m.MemberId, m => m.Assignment.Count(p => p.Topic == $"{prefix}-b"));
        var read = await Task.WhenAll(
            new[] { a, b }.Select(async m => await m.ConsumeExactlyAsync(5 * held[(await m.GetStateAsync()).MemberId], Patience)));
        Assert.Equal(10, read.SelectMany(r => r).Select(r => (r.Topic, r.Partition, r.Offset)).Distinct().Count());
    }

    /// <summary>The offset a group has committed for a partition, read straight from its coordinator.</summary>
    [ScenarioFact]
    public async Task A_commit_from_outside_the_group_is_refused_while_it_has_a_member_and_stored_once_it_has_none()
    {
        var (topic, settings) = await NewGroupAsync(partitions: 2);
        var partition = new TopicPartition(topic, 0);
        await using var outsider = await StaticAssignmentConsumer.StartAsync(Sys, Cluster.BootstrapServers, Consuming.AllPartitions(topic, 2, StartPosition.Earliest));
        await using (var member = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("member")))
        {
            await AwaitBalancedAsync([member], totalPartitions: 2);

            // The member's own commits would be overwritten: the coordinator refuses a commit from no generation.
            var refused = await Assert.ThrowsAsync<CommitFailedException>(() => outsider.CommitOffsetsAsync(settings.GroupId, new Dictionary<TopicPartition, long> { [partition] = 7 }));
            Assert.Equal(1, refused.Attempts);
            Assert.IsType<GroupErrorException>(refused.InnerException);
            await member.StopAsync();
        }

        if (!StoresCommitsFromOutsideOnceEmpty)
        {
            await Assert.ThrowsAsync<CommitFailedException>(() => outsider.CommitOffsetsAsync(settings.GroupId, new Dictionary<TopicPartition, long> { [partition] = 7 }));
            return;
        }

        await outsider.CommitOffsetsAsync(settings.GroupId, new Dictionary<TopicPartition, long> { [partition] = 7 });

        await using var metadata = Cluster.OpenMetadata();
        Assert.Equal(7, await CommittedOffsetAsync(metadata, settings.GroupId, partition));
    }

    protected static Task<long> CommittedOffsetAsync(ClusterMetadata metadata, string groupId, TopicPartition partition) =>
        Groups.CommittedOffsetAsync(metadata, groupId, partition);

    /// <summary>Settings for a fresh group on a fresh topic (see <see cref="Groups.NewGroupAsync"/>).</summary>
    protected Task<(string Topic, ConsumerSettings Settings)> NewGroupAsync(int partitions) => Groups.NewGroupAsync(Cluster, partitions);

    /// <summary>Waits until every member is stable in one generation and they hold every partition exactly once.</summary>
    protected async Task<IReadOnlyList<MemberStatus>> AwaitBalancedAsync(IReadOnlyList<ManagedBalancedConsumer> members, int totalPartitions)
    {
        IReadOnlyList<MemberStatus> states = [];
        await AwaitAssertAsync(async () =>
        {
            states = await Task.WhenAll(members.Select(m => m.GetStateAsync()));
            Assert.All(states, s => Assert.Equal(MemberState.Stable, s.State));
            Assert.Single(states.Select(s => s.GenerationId).Distinct());
            var all = states.SelectMany(s => s.Assignment).ToList();
            Assert.Equal(totalPartitions, all.Count);
            Assert.Equal(totalPartitions, all.Distinct().Count());
        }, Patience, TimeSpan.FromMilliseconds(100));
        return states;
    }

    /// <summary>Produces <paramref name="perPartition"/> records to each partition (see <see cref="Groups.ProduceAsync"/>).</summary>
    protected Task ProduceAsync(string topic, int partitions, int perPartition, int firstIndex) =>
        Groups.ProduceAsync(Cluster, topic, partitions, perPartition, firstIndex);
}

/// <summary>Group scenarios on librdkafka's mock cluster.</summary>
[Collection(MockClusterCollection.Name)]
[RunsOn(TestBrokerBackend.MockCluster)]
public sealed class GroupOnMockCluster(MockClusterFixture fixture, ITestOutputHelper output) : GroupScenarios(fixture.Cluster, output)
{
    /// <inheritdoc />
    protected override bool RebalancesEndWhenEveryMemberRejoined => false;

    /// <inheritdoc />
    protected override bool StoresCommitsFromOutsideOnceEmpty => false;
}

/// <summary>Group scenarios on Apache Kafka 0.9.0.1: the whole lifecycle with 0.9's protocol versions.</summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class GroupOnLegacyKafka(LegacyKafkaFixture fixture, ITestOutputHelper output) : GroupScenarios(fixture.Cluster, output)
{
    // Only here can a test add partitions: Kafka 0.9's TopicCommand does it; librdkafka's mock cannot.
    [ScenarioFact]
    public async Task Partitions_added_to_a_topic_are_assigned_and_read_after_the_leader_notices_them()
    {
        var (topic, group) = await NewGroupAsync(partitions: 2);
        var settings = group with { MetadataMaxAge = TimeSpan.FromMilliseconds(500) };
        await using var a = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("a"));
        await using var b = await ManagedBalancedConsumer.CreateAsync(Sys, settings.WithClientId("b"));
        var before = await AwaitBalancedAsync([a, b], totalPartitions: 2);

        // The tool's JVM takes seconds to start: the leader looks at unchanged metadata several times meanwhile.
        await ((LegacyKafkaCluster)Cluster).AddPartitionsAsync(topic, partitions: 4);
        var after = await AwaitBalancedAsync([a, b], totalPartitions: 4);

        Assert.All(after, m => Assert.Equal(2, m.Assignment.Count));
        Assert.Equal(before[0].GenerationId + 1, after[0].GenerationId);
        var changed = Published<GroupEvent.PartitionsChanged>(a, b);
        Assert.Equal(4, changed.PartitionCounts[topic]);

        await ProduceAsync(topic, partitions: 4, perPartition: 5, firstIndex: 0);
        var read = (await Task.WhenAll(a.ConsumeExactlyAsync(10, TimeSpan.FromSeconds(40)), b.ConsumeExactlyAsync(10, TimeSpan.FromSeconds(40)))).SelectMany(r => r).ToList();
        Assert.Equal([0, 1, 2, 3], read.Select(r => r.Partition).Distinct().Order());
        Assert.Equal(20, read.Select(r => (r.Partition, r.Offset)).Distinct().Count());
    }

    // The leader (either member) published the event, before it rejoined; the other member's channel never sees one.
    private static T Published<T>(params ManagedBalancedConsumer[] members)
        where T : GroupEvent
    {
        foreach (var member in members)
        {
            while (member.Events.TryRead(out var groupEvent))
            {
                if (groupEvent is T wanted)
                    return wanted;
            }
        }

        throw new Xunit.Sdk.XunitException($"no member published {typeof(T).Name}");
    }
}

/// <summary>
/// Group scenarios on a current Apache Kafka in Docker, plus static membership (KIP-345), which needs a broker that
/// honours group instance ids: librdkafka's mock only uses them to pick the leader, and Kafka 0.9 predates them.
/// </summary>
[Collection(TestcontainersCollection.Name)]
[RunsOn(TestBrokerBackend.Testcontainers)]
public sealed class GroupOnTestcontainers(TestcontainersFixture fixture, ITestOutputHelper output) : GroupScenarios(fixture.Cluster, output)
{
    [ScenarioFact]
    public async Task A_static_member_restarting_within_the_session_timeout_gets_its_partitions_back_without_a_rebalance_of_the_others()
    {
        var (_, settings) = await NewGroupAsync(partitions: 4);
        var staticSettings = settings with { SessionTimeout = TimeSpan.FromSeconds(20) };
        await using var other = await ManagedBalancedConsumer.CreateAsync(Sys, staticSettings.WithGroupInstanceId("other"));
        var leaving = await ManagedBalancedConsumer.CreateAsync(Sys, staticSettings.WithGroupInstanceId("returning"));
        var before = await AwaitBalancedAsync([other, leaving], totalPartitions: 4);
        var leavingId = (await leaving.GetStateAsync()).MemberId;
        var held = before.Single(s => s.MemberId == leavingId).Assignment;
        var otherGeneration = (await other.GetStateAsync()).GenerationId;

        await leaving.DisposeAsync();
        await using var returning = await ManagedBalancedConsumer.CreateAsync(Sys, staticSettings.WithGroupInstanceId("returning"));

        Assert.Equal(held.ToHashSet(), (await returning.GetPartitionsAsync()).ToHashSet());
        Assert.Equal(otherGeneration, (await other.GetStateAsync()).GenerationId);
    }
}
