using System.Collections.Concurrent;
using System.Text;
using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.Group;
using Sluice.Group.Assignors;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Protocol.Records;
using Sluice.Serialization;
using Sluice.Settings;
using Sluice.Streams;
using Sluice.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Streams;

/// <summary>Stream sources and the committer, on every broker backend.</summary>
public abstract class StreamScenarios(IKafkaTestCluster cluster, ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private const int Partitions = 6;
    private const int PerPartition = 20;
    private const int Total = Partitions * PerPartition;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private static readonly CommitterSettings FastCommits = CommitterSettings.Default with { MaxBatch = 20, MaxInterval = TimeSpan.FromMilliseconds(100) };
    private static readonly CommitterSettings SlowCommits = CommitterSettings.Default with { MaxBatch = 10_000, MaxInterval = TimeSpan.FromMinutes(10) };

    /// <summary>The cluster under test.</summary>
    protected IKafkaTestCluster Cluster { get; } = cluster;

    /// <summary>Whether the coordinator completes a rebalance as soon as every member has rejoined (not the mock;
    /// see <c>GroupScenarios.RebalancesEndWhenEveryMemberRejoined</c>).</summary>
    protected virtual bool RebalancesEndWhenEveryMemberRejoined => true;

    /// <summary>Whether the coordinator takes a commit of the generation the members are leaving until they have
    /// rejoined, as Kafka does (not the mock, which refuses every commit once a rebalance starts).</summary>
    protected virtual bool TakesCommitsOfTheGenerationBeingLeft => true;

    private IMaterializer Materializer => Sys.Materializer();

    [ScenarioFact]
    public async Task A_plain_source_delivers_every_record_of_a_six_partition_topic()
    {
        var settings = await FilledGroupAsync();
        var records = await TakeAsync(KafkaConsumer.PlainSource(settings), Total);
        AssertEveryRecordOnce(records);
    }

    [ScenarioFact]
    public async Task A_typed_plain_source_delivers_every_record_deserialized()
    {
        var settings = await FilledGroupAsync();
        var results = await TakeAsync(KafkaConsumer.PlainSource(settings, Deserializers.Ignore, Deserializers.Utf8), Total);
        AssertEveryRecordOnce(results.Select(r => r.Record).ToList());
        Assert.All(results, r => Assert.Equal($"{r.Record.Partition}/{r.Record.Offset}", r.Value));
    }

    [ScenarioFact]
    public async Task A_batched_plain_source_delivers_every_record_in_chunks()
    {
        var settings = await FilledGroupAsync();
        var (control, chunks) = KafkaConsumer.PlainBatchedSource(settings)
            .Scan((Count: 0, Chunks: new List<IReadOnlyList<ConsumedRecord>>()), (acc, chunk) => (acc.Count + chunk.Count, [.. acc.Chunks, chunk]))
            .SkipWhile(acc => acc.Count < Total)
            .Take(1)
            .ToMaterialized(Sink.First<(int Count, List<IReadOnlyList<ConsumedRecord>> Chunks)>(), Keep.Both)
            .Run(Materializer);
        var result = await chunks.WaitAsync(Patience);
        await control.Shutdown();

        Assert.True(result.Chunks.Count < Total, $"{result.Chunks.Count} chunks for {Total} records");
        AssertEveryRecordOnce(result.Chunks.SelectMany(c => c).ToList());
    }

    [ScenarioFact]
    public async Task A_committable_source_delivers_every_record_with_its_offset()
    {
        var settings = await FilledGroupAsync();
        var messages = await TakeAsync(KafkaConsumer.CommittableSource(settings), Total);
        AssertEveryRecordOnce(messages.Select(m => m.Record).ToList());
        Assert.All(messages, m => Assert.Equal((m.Record.Topic, m.Record.Partition, m.Record.Offset), (m.CommittableOffset.Partition.Topic, m.CommittableOffset.Partition.Partition, m.CommittableOffset.Offset)));
        Assert.All(messages, m => Assert.Equal(settings.GroupId, m.CommittableOffset.GroupId));
    }

    [ScenarioFact]
    public async Task A_batched_committable_source_delivers_every_record_and_its_commit_covers_the_chunk()
    {
        await ConsumeEverythingAndCommitAsync((settings, seen) => KafkaConsumer.CommittableBatchedSource(settings)
            .Select(chunk =>
            {
                foreach (var record in chunk.Records)
                    seen.Enqueue(record);
                return (ICommittable)chunk.CommittableOffsets;
            })
            .ToMaterialized(Committer.Sink(FastCommits), Keep.Both));
    }

    [ScenarioFact]
    public async Task A_source_with_offset_context_delivers_every_record_and_commits_through_the_context()
    {
        await ConsumeEverythingAndCommitAsync((settings, seen) => KafkaConsumer.SourceWithOffsetContext(settings)
            .Select(record =>
            {
                seen.Enqueue(record);
                return record.Offset;
            })
            .AsSource()
            .ToMaterialized(Committer.SinkWithOffsetContext<long>(FastCommits), Keep.Both));
    }

    [ScenarioFact]
    public async Task A_plain_partitioned_source_opens_one_sub_source_per_partition_and_delivers_every_record()
    {
        var settings = await FilledGroupAsync();
        var (control, records) = KafkaConsumer.PlainPartitionedSource(settings)
            .ViaMaterialized(Merged<ConsumedRecord, (TopicPartition Partition, ConsumedRecord Record)>((partition, r) => (partition, r)), Keep.Left)
            .Take(Total)
            .ToMaterialized(Sink.Seq<(TopicPartition Partition, ConsumedRecord Record)>(), Keep.Both)
            .Run(Materializer);
        var all = await records.WaitAsync(Patience);
        await control.Shutdown();

        Assert.All(all, x => Assert.Equal(x.Partition, new TopicPartition(x.Record.Topic, x.Record.Partition)));
        AssertEveryRecordOnce(all.Select(x => x.Record).ToList());
    }

    [ScenarioFact]
    public async Task A_committable_partitioned_source_delivers_every_record_and_commits_per_partition()
    {
        await ConsumeEverythingAndCommitAsync((settings, seen) => KafkaConsumer.CommittablePartitionedSource(settings)
            .ViaMaterialized(Merged<CommittableMessage, ICommittable>((_, m) =>
            {
                seen.Enqueue(m.Record);
                return m.CommittableOffset;
            }), Keep.Left)
            .ToMaterialized(Committer.Sink(FastCommits), Keep.Both));
    }

    [ScenarioFact]
    public async Task An_at_most_once_source_commits_each_record_before_emitting_it()
    {
        var settings = await FilledGroupAsync(perPartition: 2);
        var records = await TakeAsync(KafkaConsumer.AtMostOnceSource(settings), 2 * Partitions);
        AssertEveryRecordOnce(records, perPartition: 2);
        await AssertCommittedAsync(settings, 2);
    }

    [ScenarioFact]
    public async Task Committable_source_and_committer_lose_nothing_across_a_forced_rebalance_and_a_restart()
    {
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, Partitions);
        await Groups.ProduceAsync(Cluster, topic, Partitions, 50, firstIndex: 0);
        var processed = new ConcurrentQueue<(string Member, ConsumedRecord Record)>();

        // Both members process at a bounded pace, so the rebalance happens with most of the records still to come.
        DrainingControl<Done> Run(string member) => RunCommitting(
            KafkaConsumer.CommittableSource(settings.WithClientId(member)).Throttle(20, TimeSpan.FromMilliseconds(100), 20, ThrottleMode.Shaping),
            member, processed, FastCommits);

        var a = Run("a");
        await AwaitConditionAsync(() => Task.FromResult(processed.Count >= 50), Patience);
        var b = Run("b");
        await AwaitConditionAsync(async () => (await b.Control.GetMemberStatusAsync()).Assignment.Count > 0, Patience);
        await AwaitConditionAsync(() => Task.FromResult(processed.Select(p => (p.Record.Partition, p.Record.Offset)).Distinct().Count() == 300), Patience);

        // A commit that met the rebalance is not applied to a partition assigned anew (eager rebalancing assigns
        // every partition anew), so its records are read again from the last commit and committed then: every
        // record processed does not yet mean every offset committed.
        await AwaitAssertAsync(() => AssertCommittedAsync(settings, 50), Patience, TimeSpan.FromMilliseconds(100));
        await Task.WhenAll(a.DrainAndShutdown(), b.DrainAndShutdown());

        Assert.Contains(processed, p => p.Member == "b");
        await AssertCommittedAsync(settings, 50);

        await Groups.ProduceAsync(Cluster, topic, Partitions, 10, firstIndex: 50);
        var restarted = await TakeAsync(KafkaConsumer.CommittableSource(settings), 60);
        Assert.All(restarted, m => Assert.InRange(m.Record.Offset, 50, 59));
        Assert.Equal(60, restarted.Select(m => (m.Record.Partition, m.Record.Offset)).Distinct().Count());
    }

    [ScenarioFact]
    public async Task Offsets_waiting_in_a_committer_batch_are_committed_before_an_eager_rebalance_moves_their_partitions()
    {
        var settings = await FilledGroupAsync();
        var processed = new ConcurrentQueue<(string Member, ConsumedRecord Record)>();

        // The committer would hold its batch for ten minutes: only the member giving its partitions up commits it.
        DrainingControl<Done> Run(string member) => RunCommitting(KafkaConsumer.CommittableSource(settings.WithClientId(member)), member, processed, SlowCommits);

        var a = Run("a");
        await AwaitConditionAsync(() => Task.FromResult(processed.Count == Total), Patience);
        await AssertCommittedAsync(settings, -1);

        var b = Run("b");
        await AwaitConditionAsync(async () => (await a.Control.GetMemberStatusAsync()).Assignment.Count == Partitions / 2
            && (await b.Control.GetMemberStatusAsync()).Assignment.Count == Partitions / 2, Patience);

        if (TakesCommitsOfTheGenerationBeingLeft)
        {
            // Every partition starts its new generation where "a" got to, so neither member reads a record again.
            await AssertCommittedAsync(settings, PerPartition);
            Assert.DoesNotContain(processed, p => p.Member == "b");
            Assert.Equal(Total, processed.Count);
        }
        else
        {
            // The commit was refused: the records are read again, none lost.
            await AwaitConditionAsync(() => Task.FromResult(processed.Count >= 2 * Total), Patience);
            Assert.Equal(Total, processed.Select(p => (p.Record.Partition, p.Record.Offset)).Distinct().Count());
        }

        await Task.WhenAll(a.DrainAndShutdown(), b.DrainAndShutdown());
    }

    [ScenarioFact]
    public async Task Shutdown_commits_the_offsets_a_committer_batch_was_still_holding()
    {
        var settings = await FilledGroupAsync();
        var processed = new ConcurrentQueue<ConsumedRecord>();

        // The committer also serves another stream, so it outlives the source and its batch is not due for ten
        // minutes: only the member, giving its partitions up as it shuts down, commits what the batch holds.
        var ((control, otherStream), done) = KafkaConsumer.CommittableSource(settings)
            .Select(m =>
            {
                processed.Enqueue(m.Record);
                return (ICommittable)m.CommittableOffset;
            })
            .MergeMaterialized(Source.Maybe<ICommittable>(), Keep.Both)
            .ToMaterialized(Committer.Sink(SlowCommits), Keep.Both)
            .Run(Materializer);
        await AwaitConditionAsync(() => Task.FromResult(processed.Count == Total), Patience);

        await control.Shutdown().WaitAsync(Patience);
        await AssertCommittedAsync(settings, PerPartition);

        // The batch the committer sends when it completes has nothing left in it, so it does not fail on the member
        // that has left.
        otherStream.TrySetResult(null!);
        await done.WaitAsync(Patience);
    }

    [ScenarioFact]
    public async Task A_partitioned_source_completes_sub_sources_on_revoke_and_opens_new_ones_on_assignment()
    {
        var (_, settings) = await Groups.NewGroupAsync(Cluster, 4);
        var open = new ConcurrentDictionary<TopicPartition, int>();
        var opened = 0;
        var completed = 0;
        var (control, _) = KafkaConsumer.PlainPartitionedSource(settings.WithClientId("a"))
            .Select(pair =>
            {
                Assert.True(open.TryAdd(pair.Partition, 0), $"a second sub-source for {pair.Partition} while one is open");
                Interlocked.Increment(ref opened);
                pair.Records.RunWith(Sink.OnComplete<ConsumedRecord>(() =>
                {
                    open.TryRemove(pair.Partition, out _);
                    Interlocked.Increment(ref completed);
                }, _ => { }), Materializer);
                return NotUsed.Instance;
            })
            .ToMaterialized(Sink.Ignore<NotUsed>(), Keep.Both)
            .Run(Materializer);
        await AwaitConditionAsync(() => Task.FromResult(open.Count == 4), Patience);

        // A second member: eager rebalancing revokes all four (however many rounds the coordinator needs) and
        // assigns two back. Every revoked sub-source ends; exactly the held partitions have one open.
        var other = KafkaConsumer.PlainSource(settings.WithClientId("b")).ToMaterialized(Sink.Ignore<ConsumedRecord>(), Keep.Left).Run(Materializer);
        await AwaitConditionAsync(async () =>
        {
            var held = (await control.GetMemberStatusAsync()).Assignment;
            return (await other.GetMemberStatusAsync()).Assignment.Count == 2 && held.Count == 2
                && Volatile.Read(ref completed) >= 4 && open.Keys.ToHashSet().SetEquals(held);
        }, Patience);

        Assert.Equal(Volatile.Read(ref opened) - Volatile.Read(ref completed), open.Count);
        await Task.WhenAll(control.Shutdown(), other.Shutdown());
    }

    [ScenarioFact]
    public async Task Drain_and_shutdown_commits_everything_emitted_and_leaves_the_group_at_once()
    {
        var settings = await FilledGroupAsync();
        var seen = new ConcurrentQueue<ConsumedRecord>();

        // The other member, which commits nothing, comes first: the draining member then only ever holds the
        // partitions it gets when it joins, and everything it emits is its to commit.
        var other = KafkaConsumer.PlainSource(settings.WithClientId("b")).ToMaterialized(Sink.Ignore<ConsumedRecord>(), Keep.Left).Run(Materializer);
        await AwaitConditionAsync(async () => (await other.GetMemberStatusAsync()).Assignment.Count == Partitions, Patience);
        var draining = KafkaConsumer.CommittableSource(settings.WithClientId("a"))
            .Select(m =>
            {
                seen.Enqueue(m.Record);
                return (ICommittable)m.CommittableOffset;
            })
            .ToMaterialized(Committer.Sink(CommitterSettings.Default), Keep.Both)
            .MapMaterializedValue(DrainingControl<Done>.Create)
            .Run(Materializer);
        await AwaitConditionAsync(async () => (await draining.Control.GetMemberStatusAsync()).Assignment.Count == 3 && (await other.GetMemberStatusAsync()).Assignment.Count == 3, Patience);
        await AwaitConditionAsync(() => Task.FromResult(seen.Count > 0), Patience);

        var leaving = await draining.Control.GetMemberStatusAsync();
        var stopped = DateTime.UtcNow;
        await draining.DrainAndShutdown();
        Assert.False(await Groups.KnowsMemberAsync(Cluster, settings.GroupId, leaving));
        // Should the group have moved partitions again, what was emitted of those given up is the new owner's to
        // read again, not this member's to commit: only the partitions it held when it left count.
        var emitted = seen.Where(r => leaving.Assignment.Contains(new TopicPartition(r.Topic, r.Partition)))
            .GroupBy(r => new TopicPartition(r.Topic, r.Partition)).ToDictionary(g => g.Key, g => g.Max(r => r.Offset) + 1);
        Assert.NotEmpty(emitted);

        // Everything emitted was committed though the committer batches up to 10 s by default: draining flushed it.
        await using (var metadata = Cluster.OpenMetadata())
        {
            foreach (var (partition, next) in emitted)
                Assert.Equal(next, await Groups.CommittedOffsetAsync(metadata, settings.GroupId, partition));
        }

        await AwaitConditionAsync(async () => (await other.GetMemberStatusAsync()).Assignment.Count == Partitions, Patience);
        if (RebalancesEndWhenEveryMemberRejoined)
            Assert.True(DateTime.UtcNow - stopped < settings.SessionTimeout, $"the other member took over after {(DateTime.UtcNow - stopped).TotalSeconds:0.0} s");
        Assert.True(draining.Control.IsShutdown.IsCompletedSuccessfully);
        await other.Shutdown();
    }

    [ScenarioFact]
    public async Task Stop_completes_the_source_while_the_member_keeps_its_partitions_and_still_commits()
    {
        var settings = await FilledGroupAsync();
        var (control, received) = KafkaConsumer.CommittableSource(settings)
            .ToMaterialized(Sink.Queue<CommittableMessage>(), Keep.Both)
            .Run(Materializer);
        var first = (await received.PullAsync().WaitAsync(Patience)).Value;

        await control.Stop().WaitAsync(Patience);
        while ((await received.PullAsync().WaitAsync(Patience)).HasValue)
        {
        }

        var status = await control.GetMemberStatusAsync();
        Assert.Equal(MemberState.Stable, status.State);
        Assert.Equal(Partitions, status.Assignment.Count);
        await first.CommittableOffset.CommitAsync().WaitAsync(Patience);
        await control.Shutdown().WaitAsync(Patience);

        await using var metadata = Cluster.OpenMetadata();
        Assert.Equal(first.Record.Offset + 1, await Groups.CommittedOffsetAsync(metadata, settings.GroupId, first.CommittableOffset.Partition));
        await Assert.ThrowsAsync<CommitFailedException>(() => first.CommittableOffset.CommitAsync());
    }

    [ScenarioFact]
    public async Task A_plain_source_with_auto_commit_commits_exactly_what_it_emitted_when_shut_down()
    {
        var settings = (await FilledGroupAsync()).WithAutoCommit(true, TimeSpan.FromMinutes(10)) with { MaxPollRecords = 7 };
        var records = await TakeAsync(KafkaConsumer.PlainSource(settings), 50);
        var emitted = records.GroupBy(r => new TopicPartition(r.Topic, r.Partition)).ToDictionary(g => g.Key, g => g.Max(r => r.Offset) + 1);

        await using var metadata = Cluster.OpenMetadata();
        foreach (var (partition, next) in emitted)
            Assert.Equal(next, await Groups.CommittedOffsetAsync(metadata, settings.GroupId, partition));
    }

    [ScenarioFact]
    public async Task When_the_stream_does_not_pull_the_member_buffers_up_to_its_bound_and_stops_fetching()
    {
        const int bound = 10;
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, 2);
        for (var batch = 0; batch < 20; batch++)
            await Groups.ProduceAsync(Cluster, topic, 2, 10, firstIndex: batch * 10);

        // Small fetches (a few ten-record batches each), so the bound is not hidden behind one large answer.
        var holding = settings with { QueuedMaxMessages = bound, MaxPollRecords = 5, FetchMessageMaxBytes = 512 };
        var (control, queue) = KafkaConsumer.PlainSource(holding)
            .ToMaterialized(Sink.Queue<ConsumedRecord>().WithAttributes(Attributes.CreateInputBuffer(1, 1)), Keep.Both)
            .Run(Materializer);

        // One record taken: after that, demand is held at zero.
        Assert.NotNull((await queue.PullAsync().WaitAsync(Patience)).Value);
        await AwaitConditionAsync(async () => (await control.GetPartitionStatusAsync()).Sum(s => s.Buffered) >= 2 * bound, Patience);
        var first = await control.GetPartitionStatusAsync();
        await AwaitConditionAsync(async () => (await control.GetPartitionStatusAsync()).All(s => s.FetchPosition == first.Single(f => f.Partition == s.Partition).FetchPosition), Patience);
        var held = await control.GetPartitionStatusAsync();

        // Fetches stop at the bound, overshooting it by no more than one fetch answer, far from the 400 records there are.
        Assert.All(held, s => Assert.InRange(s.Buffered, bound, bound + 40));
        Assert.All(held, s => Assert.True(s.FetchPosition < 100, $"{s.Partition} fetched up to {s.FetchPosition}"));
        await control.Shutdown();
    }

    [ScenarioFact]
    public async Task Partition_events_reach_the_handler_and_offsets_returned_on_assignment_apply()
    {
        var settings = await FilledGroupAsync();
        var handler = new RecordingHandler(overrideTo: 15);
        var records = await TakeAsync(KafkaConsumer.PlainSource(settings, handler), Partitions * 5);

        Assert.All(records, r => Assert.InRange(r.Offset, 15, 19));
        var assigned = Assert.Single(handler.Assigned);
        Assert.Equal(Partitions, assigned.Count);
        Assert.All(assigned, kv => Assert.Equal(-1, kv.Value));
    }

    [ScenarioFact]
    public async Task An_assigned_source_reads_the_given_partitions_from_the_given_positions_without_a_group()
    {
        var settings = await FilledGroupAsync();
        var topic = settings.Topics[0];
        var assignment = new Dictionary<TopicPartition, StartPosition>
        {
            [new TopicPartition(topic, 0)] = StartPosition.Earliest,
            [new TopicPartition(topic, 3)] = StartPosition.AtOffset(15),
            [new TopicPartition(topic, 5)] = StartPosition.Latest,
        };

        var records = await KafkaConsumer.PlainAssignedSource(settings, assignment).Take(PerPartition + 5).RunWith(Sink.Seq<ConsumedRecord>(), Materializer).WaitAsync(Patience);

        var expected = Enumerable.Range(0, PerPartition).Select(o => (0, (long)o)).Concat(Enumerable.Range(15, 5).Select(o => (3, (long)o)));
        Assert.Equal(expected.Order(), records.Select(r => (r.Partition, r.Offset)).Order());
        Assert.All(records, r => Assert.Equal($"{r.Partition}/{r.Offset}", Encoding.UTF8.GetString(r.Value!)));
    }

    [ScenarioFact]
    public async Task A_committable_assigned_source_commits_to_the_group_without_joining_it_and_a_member_resumes_there()
    {
        var settings = await FilledGroupAsync();
        var assignment = Enumerable.Range(0, Partitions).ToDictionary(p => new TopicPartition(settings.Topics[0], p), _ => StartPosition.Earliest);
        var processed = new ConcurrentQueue<ConsumedRecord>();

        await KafkaConsumer.CommittableAssignedSource(settings, assignment)
            .Take(Total / 2)
            .Select(m =>
            {
                processed.Enqueue(m.Record);
                return (ICommittable)m.CommittableOffset;
            })
            .RunWith(Committer.Sink(FastCommits), Materializer)
            .WaitAsync(Patience);

        // The last batch was committed after the source had completed: the group keeps it.
        await using (var metadata = Cluster.OpenMetadata())
        {
            foreach (var partition in assignment.Keys)
            {
                var read = processed.Where(r => r.Partition == partition.Partition).Select(r => r.Offset + 1).DefaultIfEmpty(-1).Max();
                Assert.Equal(read, await Groups.CommittedOffsetAsync(metadata, settings.GroupId, partition));
            }
        }

        var rest = await TakeAsync(KafkaConsumer.CommittableSource(settings), Total - processed.Count);
        AssertEveryRecordOnce(processed.Concat(rest.Select(m => m.Record)).ToList());
    }

    [ScenarioFact]
    public async Task An_assigned_source_cannot_commit_over_a_group_member_and_stops_committing_stop_timeout_after_it_ends()
    {
        var settings = (await FilledGroupAsync()) with { StopTimeout = TimeSpan.FromSeconds(3) };
        var assignment = new Dictionary<TopicPartition, StartPosition> { [new TopicPartition(settings.Topics[0], 0)] = StartPosition.Earliest };
        var member = KafkaConsumer.PlainSource(settings.WithClientId("member")).ToMaterialized(Sink.Ignore<ConsumedRecord>(), Keep.Left).Run(Materializer);
        await AwaitConditionAsync(async () => (await member.GetMemberStatusAsync()).Assignment.Count == Partitions, Patience);

        var first = (await KafkaConsumer.CommittableAssignedSource(settings, assignment).Take(1).RunWith(Sink.Seq<CommittableMessage>(), Materializer).WaitAsync(Patience)).Single();

        // The member's commits would be overwritten: the coordinator refuses, and the refusal is the commit's failure.
        var refused = await Assert.ThrowsAsync<CommitFailedException>(() => first.CommittableOffset.CommitAsync());
        Assert.IsType<GroupErrorException>(refused.InnerException);
        await member.Shutdown().WaitAsync(Patience);

        var closed = await AwaitClosedAsync(first.CommittableOffset);
        Assert.Contains("stop-timeout", closed.InnerException!.Message);
    }

    [ScenarioFact]
    public async Task Stream_members_use_an_assignor_registered_with_their_actor_system()
    {
        var (_, group) = await Groups.NewGroupAsync(Cluster, 4);
        var firstTakesAll = new FirstTakesAll();
        PartitionAssignors.For(Sys).Register(firstTakesAll);
        var settings = group.WithAssignmentStrategies(FirstTakesAll.Strategy);

        var a = KafkaConsumer.PlainSource(settings.WithClientId("a")).ToMaterialized(Sink.Ignore<ConsumedRecord>(), Keep.Left).Run(Materializer);
        var b = KafkaConsumer.PlainSource(settings.WithClientId("b")).ToMaterialized(Sink.Ignore<ConsumedRecord>(), Keep.Left).Run(Materializer);
        await AwaitConditionAsync(async () =>
        {
            var states = await Task.WhenAll(a.GetMemberStatusAsync(), b.GetMemberStatusAsync());
            return states.All(s => s.State == MemberState.Stable) && states[0].GenerationId == states[1].GenerationId
                && states.Select(s => s.Assignment.Count).Order().SequenceEqual([0, 4]);
        }, Patience);

        Assert.True(firstTakesAll.Rounds > 0);
        await Task.WhenAll(a.Shutdown(), b.Shutdown());
    }

    private async Task<ConsumerSettings> FilledGroupAsync(int perPartition = PerPartition)
    {
        var (topic, settings) = await Groups.NewGroupAsync(Cluster, Partitions);
        await Groups.ProduceAsync(Cluster, topic, Partitions, perPartition, firstIndex: 0);
        return settings;
    }

    // Runs a committing stream over a filled topic until every record was seen, drains it, and checks that each record
    // came once and that everything was committed.
    private async Task ConsumeEverythingAndCommitAsync(
        Func<ConsumerSettings, ConcurrentQueue<ConsumedRecord>, IRunnableGraph<(IConsumerControl Control, Task<Done> Done)>> build)
    {
        var settings = await FilledGroupAsync();
        var seen = new ConcurrentQueue<ConsumedRecord>();
        var (control, done) = build(settings, seen).Run(Materializer);

        await AwaitConditionAsync(() => Task.FromResult(seen.Count >= Total), Patience);
        await control.DrainAndShutdown(done);

        AssertEveryRecordOnce(seen.ToList());
        await AssertCommittedAsync(settings, PerPartition);
    }

    // A member that records what it processed, then hands each offset to a committer.
    private DrainingControl<Done> RunCommitting(
        Source<CommittableMessage, IConsumerControl> source, string member, ConcurrentQueue<(string Member, ConsumedRecord Record)> processed, CommitterSettings committer) =>
        source
            .Select(m =>
            {
                processed.Enqueue((member, m.Record));
                return (ICommittable)m.CommittableOffset;
            })
            .ToMaterialized(Committer.Sink(committer), Keep.Both)
            .MapMaterializedValue(DrainingControl<Done>.Create)
            .Run(Materializer);

    // Waits for commits to fail because the source's commit target has closed.
    private async Task<CommitFailedException> AwaitClosedAsync(ICommittable committable)
    {
        CommitFailedException? closed = null;
        await AwaitConditionAsync(async () =>
        {
            closed = await Assert.ThrowsAsync<CommitFailedException>(() => committable.CommitAsync());
            return closed.InnerException?.Message.Contains("stop-timeout") == true;
        }, Patience);
        return closed!;
    }

    // Every partition's sub-source, merged into one stream.
    private static Flow<(TopicPartition Partition, Source<TIn, NotUsed> Records), TOut, NotUsed> Merged<TIn, TOut>(Func<TopicPartition, TIn, TOut> select) =>
        Flow.Create<(TopicPartition Partition, Source<TIn, NotUsed> Records)>()
            .MergeMany(Partitions, pair => pair.Records.Select(element => select(pair.Partition, element)));

    private async Task<IReadOnlyList<T>> TakeAsync<T>(Source<T, IConsumerControl> source, int count)
    {
        var (control, result) = source.Take(count).ToMaterialized(Sink.Seq<T>(), Keep.Both).Run(Materializer);
        var taken = await result.WaitAsync(Patience);
        await control.Shutdown().WaitAsync(Patience);
        return taken;
    }

    private static void AssertEveryRecordOnce(IReadOnlyList<ConsumedRecord> records, int perPartition = PerPartition)
    {
        Assert.Equal(Partitions * perPartition, records.Count);
        Assert.Equal(Partitions * perPartition, records.Select(r => (r.Partition, r.Offset)).Distinct().Count());
        Assert.All(records, r => Assert.Equal($"{r.Partition}/{r.Offset}", Encoding.UTF8.GetString(r.Value!)));
    }

    private async Task AssertCommittedAsync(ConsumerSettings settings, long next)
    {
        await using var metadata = Cluster.OpenMetadata();
        for (var p = 0; p < Partitions; p++)
            Assert.Equal(next, await Groups.CommittedOffsetAsync(metadata, settings.GroupId, new TopicPartition(settings.Topics[0], p)));
    }

    private async Task AwaitConditionAsync(Func<Task<bool>> condition, TimeSpan patience) =>
        await AwaitAssertAsync(async () => Assert.True(await condition()), patience, TimeSpan.FromMilliseconds(100));

    private sealed class RecordingHandler(long overrideTo) : IPartitionEventHandler
    {
        public ConcurrentQueue<IReadOnlyDictionary<TopicPartition, long>> Assigned { get; } = new();

        public IReadOnlyDictionary<TopicPartition, StartPosition>? OnAssigned(IReadOnlyDictionary<TopicPartition, long> assigned, IReadOnlyDictionary<TopicPartition, long> previous)
        {
            Assigned.Enqueue(assigned);
            return assigned.Keys.ToDictionary(p => p, _ => StartPosition.AtOffset(overrideTo));
        }
    }

    // Gives every partition to the member whose id sorts first: an assignment no built-in strategy makes.
    private sealed class FirstTakesAll : IPartitionAssignor
    {
        public const string Strategy = "first-takes-all";
        private int _rounds;

        public int Rounds => Volatile.Read(ref _rounds);

        public string Name => Strategy;

        public AssignmentProtocolKind Kind => AssignmentProtocolKind.Eager;

        public ReadOnlyMemory<byte> SubscriptionUserData(SubscriptionState state) => ReadOnlyMemory<byte>.Empty;

        public IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> Assign(AssignmentContext context)
        {
            Interlocked.Increment(ref _rounds);
            var first = context.Members.Select(m => m.MemberId).Order(StringComparer.Ordinal).First();
            var all = context.Topics.SelectMany(t => t.Value.Select(p => new TopicPartition(t.Key, p.Partition))).OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition).ToList();
            return context.Members.ToDictionary(m => m.MemberId, m => m.MemberId == first ? all : (IReadOnlyList<TopicPartition>)[]);
        }
    }
}

/// <summary>Stream scenarios on librdkafka's mock cluster.</summary>
[Collection(MockClusterCollection.Name)]
[RunsOn(TestBrokerBackend.MockCluster)]
public sealed class StreamsOnMockCluster(MockClusterFixture fixture, ITestOutputHelper output) : StreamScenarios(fixture.Cluster, output)
{
    /// <inheritdoc />
    protected override bool RebalancesEndWhenEveryMemberRejoined => false;

    /// <inheritdoc />
    protected override bool TakesCommitsOfTheGenerationBeingLeft => false;
}

/// <summary>Stream scenarios on Apache Kafka 0.9.0.1.</summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class StreamsOnLegacyKafka(LegacyKafkaFixture fixture, ITestOutputHelper output) : StreamScenarios(fixture.Cluster, output);
