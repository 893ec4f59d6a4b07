using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sluice.Cli.Arguments;
using Sluice.Cli.Demo;
using Sluice.Cli.Kafka;
using Sluice.Cli.Producing;
using Sluice.Cluster;
using Sluice.Group;
using Sluice.Protocol.Compression;
using Sluice.Settings;
using Sluice.TestKit;
using Sluice.TestKit.Mock;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice demo</c>: a group of three Sluice members, each in its own actor system, reads a topic that is being
/// written at a steady rate; one member stops gracefully, another is killed, and the summary shows that nothing was
/// lost, what was delivered twice and why, and how long each rebalance took.
/// </summary>
internal sealed class DemoCommand : ICommand
{
    private const int EmbeddedPartitions = 6;
    private const int MemberCount = 3;
    private static readonly TimeSpan RebalancePatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CatchUpPatience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(10);

    public string Name => "demo";

    public string Summary => "Run a three-member consumer group through a graceful stop and a crash, and check nothing is lost";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        OptionSpec.Flag("short", $"Run for about {DemoPlan.ShortDuration.TotalSeconds:0} s (for CI) instead of {DemoPlan.DefaultDuration.TotalSeconds:0} s"),
        OptionSpec.Value("duration", "SECONDS", "Run for about SECONDS seconds (20 to 600)"),
        OptionSpec.Value("rate", "N", "Produce N records a second (default 1000)"),
        OptionSpec.Value("bootstrap", "HOST:PORT[,...]", "Use this cluster instead of the embedded one"),
        OptionSpec.Value("topic", "TOPIC", "The topic to use (default sluice-demo); with --bootstrap it must exist"),
    ];

    public string Usage => UsageText.Format(
        ["sluice demo [--short | --duration SECONDS] [--rate N] [--bootstrap HOST:PORT [--topic TOPIC]]"],
        """
        Starts an embedded Kafka cluster (librdkafka's mock broker: 3 brokers on loopback) with a 6-partition topic,
        produces records at a steady rate, and runs a consumer group of three Sluice members, each in its own actor
        system, each committing what it processed (at-least-once). Live progress shows each member's state,
        partitions, records/s and lag. A quarter of the way in, member-2 stops gracefully (it drains, commits and
        leaves the group); a little before half-way, member-3 is killed (its actor system is terminated: no commit,
        no LeaveGroup), so the group waits out its 6 s session timeout. Then production stops, member-1 reads what is
        left, and the summary shows records produced, consumed, lost (must be 0), duplicated and why, and how long
        each rebalance took. Exits 1 if any record was lost, or when interrupted before the end.

        With --bootstrap the same runs against a real cluster (Kafka 0.9 or later). Sluice does not create topics:
        the topic (default sluice-demo) must exist with at least 3 partitions (6 shows more). The run reads only the
        records it produced, under a new group id, starting where the topic ended when it began.
        """,
        Options);

    public async Task<int> RunAsync(ParsedArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        var plan = DemoPlan.From(args);
        var verbose = args.Has("verbose");
        var clock = Stopwatch.StartNew();
        var view = new DemoView(console.Out, console.OutIsTerminal, clock);
        var runId = Guid.NewGuid().ToString("N")[..6];
        var members = new List<DemoMember>();
        DemoProducer? producer = null;
        MockCluster? cluster = null;
        using var stopRefreshing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            string bootstrap;
            if (plan.Bootstrap is null)
            {
                view.Event("starting an embedded Kafka cluster: librdkafka's mock broker, 3 brokers on loopback");
                cluster = await StartClusterAsync(plan.Topic, cancellationToken).ConfigureAwait(false);
                bootstrap = cluster.BootstrapServers;
                view.Event($"cluster up at {bootstrap}; created topic '{plan.Topic}' with {EmbeddedPartitions} partitions");
            }
            else
            {
                bootstrap = plan.Bootstrap;
                view.Event($"using the cluster at {bootstrap} and its topic '{plan.Topic}'");
            }

            await using var metadata = ClusterMetadata.Create(bootstrap);
            var writer = await RecordProducer.CreateAsync(metadata, bootstrap, plan.Topic, CompressionCodec.None, cancellationToken).ConfigureAwait(false);
            var partitions = writer.Partitions;
            if (partitions < MemberCount)
                throw new CliException($"topic '{plan.Topic}' has {partitions} partition(s); the demo needs at least {MemberCount}, one per member (6 shows more): create it with more partitions, or name another with --topic");
            var startOffsets = (await LogEndOffsets.ReadAsync(metadata, Enumerable.Range(0, partitions).Select(p => new TopicPartition(plan.Topic, p)), cancellationToken).ConfigureAwait(false))
                .ToDictionary(kv => kv.Key.Partition, kv => kv.Value);
            var ledger = new DemoLedger(runId);
            var group = $"sluice-demo-{runId}";
            var settings = MemberSettings(bootstrap, group, plan.Topic);

            producer = DemoProducer.Start(writer, ledger, plan.Rate, cancellationToken);
            view.Event($"producing {plan.Rate} records/s to '{plan.Topic}', round-robin over its {partitions} partitions");
            var joinStarted = clock.Elapsed;
            for (var i = 1; i <= MemberCount; i++)
                members.Add(DemoMember.Start($"member-{i}", settings, ledger, startOffsets, verbose));
            view.Event($"started member-1, member-2 and member-3 in group '{group}', each in its own actor system " +
                $"({string.Join(", ", settings.AssignmentStrategies)} assignor, session timeout {DemoPlan.SessionTimeout.TotalSeconds:0} s, commits every second)");

            var progress = new DemoProgress(members, producer, ledger);
            var refreshing = RefreshAsync(view, progress, stopRefreshing.Token);
            var watch = new Watch(view, clock, members, producer, partitions, cancellationToken);
            var rebalances = new List<DemoRebalance>();

            rebalances.Add(await watch.OwnershipAsync(1, "three members join", members, afterGeneration: -1, everyoneHoldsSome: true, since: joinStarted).ConfigureAwait(false));
            var start = clock.Elapsed;

            await watch.UntilAsync(start + plan.StopAt).ConfigureAwait(false);
            var before = await watch.GenerationAsync().ConfigureAwait(false);
            view.Event("stopping member-2 gracefully: it drains its stream, commits what it processed and leaves the group");
            var stopStarted = clock.Elapsed;
            var stopping = members[1].StopGracefullyAsync();
            rebalances.Add(await watch.OwnershipAsync(2, "member-2 stopped gracefully (LeaveGroup)", [members[0], members[2]], before, everyoneHoldsSome: false, since: stopStarted).ConfigureAwait(false));
            await stopping.ConfigureAwait(false);

            await watch.UntilAsync(start + plan.KillAt).ConfigureAwait(false);
            before = await watch.GenerationAsync().ConfigureAwait(false);
            view.Event("killing member-3: its actor system is terminated, with no commit and no LeaveGroup");
            var killStarted = clock.Elapsed;
            await members[2].KillAsync().ConfigureAwait(false);
            rebalances.Add(await watch.OwnershipAsync(3, "member-3 killed (no LeaveGroup)", [members[0]], before, everyoneHoldsSome: false, since: killStarted).ConfigureAwait(false));

            // The survivor gets a few seconds of live records after taking over, however long the takeover took.
            var stopProducingAt = start + plan.StopProducingAt;
            await watch.UntilAsync(stopProducingAt > clock.Elapsed + Settle ? stopProducingAt : clock.Elapsed + Settle).ConfigureAwait(false);
            await producer.StopAsync().ConfigureAwait(false);
            view.Event($"stopped producing after {producer.Sent} records; member-1 reads what is left");
            var caughtUp = await watch.CatchUpAsync(ledger, CatchUpPatience).ConfigureAwait(false);
            view.Event(caughtUp ? "member-1 has processed every record produced" : $"member-1 did not catch up within {CatchUpPatience.TotalSeconds:0} s");

            await stopRefreshing.CancelAsync().ConfigureAwait(false);
            await refreshing.ConfigureAwait(false);
            view.Live(await progress.LinesAsync(cancellationToken).ConfigureAwait(false));
            await members[0].StopGracefullyAsync().ConfigureAwait(false);
            view.Event("member-1 stopped gracefully");

            var tally = ledger.Tally(killed: members[2].Name);
            view.Text(SummaryText(tally, rebalances, members, embedded: cluster is not null));
            return tally.Lost == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            view.Event("interrupted: stopping; nothing was checked");
            return ExitCodes.Failure;
        }
        finally
        {
            await stopRefreshing.CancelAsync().ConfigureAwait(false);
            if (producer is not null)
                await Quietly(producer.StopAsync).ConfigureAwait(false);
            // Members still running after a failure or Ctrl-C leave a real cluster's group, so it is not left waiting
            // out their session timeouts; one that cannot leave in time is ended anyway. The embedded cluster is going
            // (Ctrl-C reaches its process too), so there they are simply ended.
            if (cluster is null)
                await Task.WhenAll(members.Select(m => Quietly(() => m.StopGracefullyAsync().WaitAsync(StopPatience)))).ConfigureAwait(false);
            foreach (var member in members)
                await Quietly(member.KillAsync).ConfigureAwait(false);
            if (cluster is not null)
                await cluster.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static ConsumerSettings MemberSettings(string bootstrap, string group, string topic) =>
        ConsumerSettings.Default.WithBootstrapServers(bootstrap).WithGroupId(group).WithTopics(topic) with
        {
            AssignmentStrategies = ["cooperative-sticky"],
            HeartbeatInterval = TimeSpan.FromMilliseconds(100),
            SessionTimeout = DemoPlan.SessionTimeout,
            RebalanceTimeout = TimeSpan.FromSeconds(10),
            RebalanceBackoff = TimeSpan.FromMilliseconds(500),
            FetchWaitMax = TimeSpan.FromMilliseconds(100),
            OffsetsChannelBackoff = TimeSpan.FromMilliseconds(200),
        };

    private static async Task<MockCluster> StartClusterAsync(string topic, CancellationToken cancellationToken)
    {
        MockCluster cluster;
        try
        {
            cluster = await MockCluster.StartAsync(MockClusterOptions.Default.WithBrokerCount(3), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TestClusterUnavailableException or MockHostFailedException)
        {
            throw new CliException($"the embedded cluster could not start ({e.Message.TrimEnd('.')}); run against a real cluster with --bootstrap HOST:PORT", e);
        }

        try
        {
            await cluster.CreateTopicAsync(topic, EmbeddedPartitions, replicationFactor: 3, cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task RefreshAsync(DemoView view, DemoProgress progress, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(view.RefreshInterval, cancellationToken).ConfigureAwait(false);
                view.Live(await progress.LinesAsync(cancellationToken).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException)
        {
            // The demo is ending.
        }
    }

    private static string SummaryText(DemoTally tally, IReadOnlyList<DemoRebalance> rebalances, IReadOnlyList<DemoMember> members, bool embedded)
    {
        var text = new StringBuilder();
        void Line(string label, string value) => text.AppendLine(CultureInfo.InvariantCulture, $"  {label,-19}{value}");

        text.AppendLine();
        text.AppendLine("Summary");
        Line("records produced", $"{tally.Produced} (acknowledged by the brokers)");
        Line("records consumed", $"{tally.ConsumedDistinct} distinct, in {tally.Deliveries} deliveries");
        Line("lost", tally.Lost.ToString(CultureInfo.InvariantCulture));
        Line("duplicated", tally.Duplicated == 0 ? "0" : $"{tally.Duplicated} (at-least-once: processed, not yet committed, read again)");
        foreach (var (reason, count) in tally.DuplicateReasons.OrderByDescending(r => r.Value))
            text.AppendLine(CultureInfo.InvariantCulture, $"    {count,6}  {reason}");
        if (tally.Foreign > 0)
            Line("other records", $"{tally.Foreign} on the topic were not produced by this run and were not counted");
        Line("members", string.Join(", ", members.Select(m => $"{m.Name} processed {tally.PerMember.GetValueOrDefault(m.Name)}")));
        Line("rebalances", $"{rebalances.Count} (how long until every partition was owned again, and by whom)");
        foreach (var r in rebalances)
        {
            var took = r.Took is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds,5:0.0} s") : "did not complete";
            text.AppendLine(CultureInfo.InvariantCulture, $"    {r.Number}. {r.Cause,-42} {took}   {r.OwnersText}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"    a killed member is noticed only when its session times out ({DemoPlan.SessionTimeout.TotalSeconds:0} s); one that leaves is noticed at once");
        if (embedded)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    the embedded mock broker then holds the rejoin for the session timeout minus 1 s ({(DemoPlan.SessionTimeout - TimeSpan.FromSeconds(1)).TotalSeconds:0} s);");
            text.AppendLine("    a Kafka broker completes it as soon as the remaining members have rejoined");
        }

        text.AppendLine(tally.Lost == 0
            ? "Result: OK, nothing lost."
            : $"Result: FAILED, {tally.Lost} record(s) produced but never consumed.");
        return text.ToString();
    }

    private static async Task Quietly(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Cleaning up after a failure that is already being reported.
        }
    }

    /// <summary>Waits for the demo's moments, checking on the way that the producer and the members are still healthy.</summary>
    private sealed class Watch(DemoView view, Stopwatch clock, IReadOnlyList<DemoMember> members, DemoProducer producer, int partitions, CancellationToken cancellationToken)
    {
        /// <summary>Waits until <paramref name="at"/> on the demo's clock.</summary>
        public async Task UntilAsync(TimeSpan at)
        {
            while (clock.Elapsed < at)
            {
                await CheckHealthAsync().ConfigureAwait(false);

                // The health check may itself have taken the demo past the moment: Task.Delay rejects a negative wait.
                var left = at - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                    return;
                await Task.Delay(left < Poll ? left : Poll, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The newest generation a running member is in, or -1.</summary>
        public async Task<int> GenerationAsync()
        {
            var statuses = await Task.WhenAll(members.Select(m => m.StatusAsync(cancellationToken))).ConfigureAwait(false);
            return statuses.Select(s => s?.Generation ?? -1).DefaultIfEmpty(-1).Max();
        }

        /// <summary>
        /// Waits until <paramref name="owners"/> are stable in one generation newer than <paramref name="afterGeneration"/>
        /// and hold every partition exactly once between them, and reports the rebalance.
        /// </summary>
        public async Task<DemoRebalance> OwnershipAsync(int number, string cause, IReadOnlyList<DemoMember> owners, int afterGeneration, bool everyoneHoldsSome, TimeSpan since)
        {
            while (clock.Elapsed - since < RebalancePatience)
            {
                await CheckHealthAsync().ConfigureAwait(false);
                var statuses = await Task.WhenAll(owners.Select(m => m.StatusAsync(cancellationToken))).ConfigureAwait(false);
                if (statuses.All(s => s is { State: MemberState.Stable }) && statuses.Select(s => s!.Generation).Distinct().Count() == 1 && statuses[0]!.Generation > afterGeneration)
                {
                    var held = statuses.SelectMany(s => s!.Partitions).ToList();
                    if (held.Count == partitions && held.Distinct().Count() == partitions && (!everyoneHoldsSome || statuses.All(s => s!.Partitions.Count > 0)))
                    {
                        var rebalance = new DemoRebalance(number, cause, clock.Elapsed - since, statuses[0]!.Generation, owners.Select((m, i) => (m.Name, statuses[i]!.Partitions)).ToList());
                        view.Event(string.Create(CultureInfo.InvariantCulture, $"rebalance {number} ({cause}): every partition owned again after {rebalance.Took!.Value.TotalSeconds:0.0} s, generation {rebalance.Generation}: {rebalance.OwnersText}"));
                        return rebalance;
                    }
                }

                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }

            view.Event($"rebalance {number} ({cause}) did not complete within {RebalancePatience.TotalSeconds:0} s");
            return new DemoRebalance(number, cause, null, -1, []);
        }

        /// <summary>Waits until every acknowledged record was processed, or <paramref name="patience"/> ran out.</summary>
        public async Task<bool> CatchUpAsync(DemoLedger ledger, TimeSpan patience)
        {
            var until = clock.Elapsed + patience;
            while (ledger.Outstanding > 0)
            {
                if (clock.Elapsed > until)
                    return false;
                await CheckHealthAsync().ConfigureAwait(false);
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        private async Task CheckHealthAsync()
        {
            if (producer.Running.IsFaulted)
                await producer.Running.ConfigureAwait(false);
            foreach (var member in members.Where(m => m.Life == DemoMemberLife.Running && m.Completion.IsFaulted))
                throw new CliException($"{member.Name} failed: {member.Completion.Exception!.GetBaseException().Message.TrimEnd('.')}; run with --verbose to see its logs");
        }
    }
}
