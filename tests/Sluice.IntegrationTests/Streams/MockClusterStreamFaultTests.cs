using System.Collections.Concurrent;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Sluice.Cluster;
using Sluice.Group;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Protocol;
using Sluice.Protocol.Records;
using Sluice.Settings;
using Sluice.Streams;
using Sluice.TestKit.Mock;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Streams;

/// <summary>Stream sources under coordinator errors injected into librdkafka's mock. Each test has its own cluster.</summary>
public sealed class MockClusterStreamFaultTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output), IAsyncLifetime
{
    private const int Partitions = 6;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private MockCluster _cluster = null!;
    private ConsumerSettings _settings = null!;

    public async Task InitializeAsync()
    {
        _cluster = await MockCluster.StartAsync();
        (_, _settings) = await Groups.NewGroupAsync(_cluster, Partitions);
        _settings = _settings with { RebalanceMaxRetries = 3, HeartbeatInterval = TimeSpan.FromMilliseconds(200) };
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task ReadCommittedOffsetsAsync(ConcurrentDictionary<TopicPartition, long> into)
    {
        await using var metadata = ClusterMetadata.Create(_cluster.BootstrapServers);
        for (var p = 0; p < Partitions; p++)
        {
            var partition = new TopicPartition(_settings.Topics[0], p);
            into[partition] = await Groups.CommittedOffsetAsync(metadata, _settings.GroupId, partition);
        }
    }

    [Fact]
    public async Task A_source_whose_member_cannot_rejoin_fails_with_the_typed_error()
    {
        await Groups.ProduceAsync(_cluster, _settings.Topics[0], Partitions, 5, firstIndex: 0);
        var (control, done) = KafkaConsumer.PlainSource(_settings).ToMaterialized(Sink.Ignore<ConsumedRecord>(), Keep.Both).Run(Sys.Materializer());
        await AwaitAssertAsync(async () => Assert.Equal(MemberState.Stable, (await control.GetMemberStatusAsync()).State), Patience);

        // A rebalance the member must rejoin for, and a coordinator that refuses every join it tries.
        await _cluster.PushRequestErrorsAsync((short)ApiKey.JoinGroup, Enumerable.Repeat((short)ErrorCode.CoordinatorLoadInProgress, _settings.RebalanceMaxRetries).ToArray());
        await _cluster.PushRequestErrorsAsync((short)ApiKey.Heartbeat, (short)ErrorCode.RebalanceInProgress);

        var failure = await Assert.ThrowsAsync<RebalanceFailedException>(() => done.WaitAsync(Patience));
        Assert.Equal(_settings.RebalanceMaxRetries, failure.Attempts);
        await control.IsShutdown.WaitAsync(Patience);
    }

    [Fact]
    public async Task The_restart_recipe_brings_a_member_back_after_an_unrecoverable_join_failure_and_it_resumes_from_committed_offsets()
    {
        await Groups.ProduceAsync(_cluster, _settings.Topics[0], Partitions, 20, firstIndex: 0);
        var processed = new ConcurrentQueue<(int Run, ConsumedRecord Record)>();
        var committedBeforeRestart = new ConcurrentDictionary<TopicPartition, long>();
        var runs = 0;
        var restart = RestartSettings.Create(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2), 0.2).WithMaxRestarts(5, TimeSpan.FromMinutes(1));

        // The recipe: a committable source, the processing and the committer inside RestartSource; each restart
        // is a new group member that resumes from what was committed.
        var (killSwitch, done) = RestartSource.OnFailuresWithBackoff(() =>
            {
                var run = Interlocked.Increment(ref runs);
                if (run == 2)
                    ReadCommittedOffsetsAsync(committedBeforeRestart).GetAwaiter().GetResult();
                return KafkaConsumer.CommittableSource(_settings)
                    .Throttle(20, TimeSpan.FromMilliseconds(100), 20, ThrottleMode.Shaping)
                    .Select(m =>
                    {
                        processed.Enqueue((run, m.Record));
                        return (ICommittable)m.CommittableOffset;
                    })
                    .Via(Committer.BatchFlow(CommitterSettings.Default with { MaxBatch = 5, MaxInterval = TimeSpan.FromMilliseconds(50) }));
            }, restart)
            .ViaMaterialized(KillSwitches.Single<CommittableOffsetBatch>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<CommittableOffsetBatch>(), Keep.Both)
            .Run(Sys.Materializer());

        await AwaitAssertAsync(() => Assert.True(processed.Count >= 40), Patience);
        await _cluster.PushRequestErrorsAsync((short)ApiKey.JoinGroup, Enumerable.Repeat((short)ErrorCode.CoordinatorLoadInProgress, _settings.RebalanceMaxRetries).ToArray());
        await _cluster.PushRequestErrorsAsync((short)ApiKey.Heartbeat, (short)ErrorCode.RebalanceInProgress);

        await AwaitAssertAsync(() => Assert.Equal(Partitions * 20, processed.Select(p => (p.Record.Partition, p.Record.Offset)).Distinct().Count()), Patience);
        killSwitch.Shutdown();
        await done.WaitAsync(Patience);

        Assert.Equal(2, runs);
        Assert.Contains(committedBeforeRestart.Values, offset => offset > 0);
        var second = processed.Where(p => p.Run == 2).Select(p => p.Record).ToList();
        Assert.NotEmpty(second);
        foreach (var byPartition in second.GroupBy(r => new TopicPartition(r.Topic, r.Partition)))
        {
            // The new member starts each partition exactly where the failed one's last commit left it.
            var committed = committedBeforeRestart[byPartition.Key];
            Assert.Equal(committed < 0 ? 0 : committed, byPartition.Min(r => r.Offset));
        }
    }
}
