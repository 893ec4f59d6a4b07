using System.Collections.Concurrent;
using System.Globalization;
using Akka.Streams;
using Akka.Streams.Dsl;
using Sluice.Benchmarks.Cli;
using Sluice.Fetch;
using Sluice.Group;
using Sluice.Protocol.Records;
using Sluice.Streams;

namespace Sluice.Benchmarks.Consumers;

/// <summary>
/// One member of a multi-member group for <c>group-vs-one</c> and <c>rebalance-latency</c>: a
/// <c>PlainSource</c> that runs until told to stop, reporting what happens to it on stdout as it happens.
/// <list type="bullet">
/// <item><c>READY</c> once the member is started; with <c>--gate</c> nothing is emitted before stdin says <c>go</c>.</item>
/// <item><c>ASSIGNED t= gen= partitions=</c> and <c>REVOKED t= partitions=</c> per rebalance.</item>
/// <item><c>FIRST t= partition=</c> at the first record of a partition after it was assigned.</item>
/// <item><c>STATE t= caught= count=</c> whenever it changes between "every held partition is at its end offset"
/// (<c>--end-offsets</c>) and not.</item>
/// <item>stdin <c>stop</c> (or end of input): shut down gracefully (commit when auto-commit is on, LeaveGroup),
/// then print the <see cref="ResultLine"/> with <c>generations=</c> and <c>partitions=</c>.</item>
/// </list>
/// </summary>
internal sealed class SluiceMember : IPartitionEventHandler
{
    private readonly object _gate = new();
    private readonly HashSet<int> _held = [];
    private readonly long[] _next;
    private readonly int[] _firstPending;
    private readonly long[] _end;

    private SluiceMember(int partitions, long[] end)
    {
        _next = new long[partitions];
        _firstPending = new int[partitions];
        _end = end;
    }

    public static async Task<int> RunAsync(CommandArgs line)
    {
        var bootstrap = line.Required("bootstrap");
        var topic = line.Required("topic");
        var group = line.Required("group");
        var partitions = line.Int("partitions", 0);
        var end = line.List("end-offsets", []).Select(e => long.Parse(e, CultureInfo.InvariantCulture)).ToArray();
        var autoCommit = line.Flag("auto-commit");
        var gated = line.Flag("gate");
        var tuned = line.Flag("tuned");
        var sessionTimeoutMs = line.Int("session-timeout-ms", 0);
        line.RejectUnused();
        if (partitions <= 0 || (end.Length != 0 && end.Length != partitions))
            throw new UsageException("--partitions must be positive and --end-offsets must list one offset per partition");

        using var system = SluiceProfile.CreateSystem();
        var settings = SluiceProfile.Settings(system, bootstrap, topic, group, tuned) with { AutoCommitEnable = autoCommit };
        if (sessionTimeoutMs > 0)
            settings = settings with { SessionTimeout = TimeSpan.FromMilliseconds(sessionTimeoutMs) };

        var member = new SluiceMember(partitions, end);
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!gated)
            open.SetResult();

        long count = 0, bytes = 0;
        double first = 0, last = 0;
        var source = KafkaConsumer.PlainSource(settings, member);
        var (control, done) = source
            .Via(new GateStage<ConsumedRecord>(open.Task))
            .Select(record =>
            {
                var now = Clock.NowMs();
                if (++count == 1)
                    first = now;
                last = now;
                bytes += record.Value?.Length ?? 0;
                var p = record.Partition;
                Volatile.Write(ref member._next[p], record.Offset + 1);
                if (Interlocked.Exchange(ref member._firstPending[p], 0) == 1)
                    Say($"FIRST t={Clock.Format(now)} partition={p}");
                return record;
            })
            .ToMaterialized(Sink.Ignore<ConsumedRecord>(), Keep.Both)
            .Run(system.Materializer());

        var generations = new ConcurrentDictionary<int, bool>();
        _ = Task.Run(async () =>
        {
            await foreach (var e in control.Events.ReadAllAsync().ConfigureAwait(false))
            {
                switch (e)
                {
                    case GroupEvent.Assigned a:
                        generations[a.GenerationId] = true;
                        Say($"ASSIGNED t={Clock.Format(Clock.NowMs())} gen={a.GenerationId} partitions={List(a.Partitions.Keys)}");
                        break;
                    case GroupEvent.Revoked r:
                        Say($"REVOKED t={Clock.Format(Clock.NowMs())} partitions={List(r.Partitions)}");
                        break;
                    case GroupEvent.Lost l:
                        Say($"LOST t={Clock.Format(Clock.NowMs())} partitions={List(l.Partitions)}");
                        break;
                    case GroupEvent.Failed f:
                        Say($"FAILED t={Clock.Format(Clock.NowMs())} error={f.Error.GetType().Name}");
                        break;
                }
            }
        });

        Say($"READY pid={Environment.ProcessId}");
        using var stopWatching = new CancellationTokenSource();
        var watcher = end.Length == 0 ? Task.CompletedTask : member.WatchCaughtUpAsync(() => Volatile.Read(ref count), stopWatching.Token);

        // stdin drives the member: "go" opens the gate, "stop" or end of input ends it.
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } command)
        {
            if (command == "go")
                open.TrySetResult();
            else if (command == "stop")
                break;
        }

        open.TrySetResult();
        await stopWatching.CancelAsync().ConfigureAwait(false);
        await watcher.ConfigureAwait(false);
        await control.Shutdown().ConfigureAwait(false);
        await done.ConfigureAwait(false);
        int[] held;
        lock (member._gate)
            held = member._held.Order().ToArray();
        ResultLine.Print(count, bytes, first, last, $"generations={generations.Count} partitions={string.Join(',', held)}");
        await system.Terminate().ConfigureAwait(false);
        return 0;
    }

    IReadOnlyDictionary<TopicPartition, StartPosition>? IPartitionEventHandler.OnAssigned(
        IReadOnlyDictionary<TopicPartition, long> assigned, IReadOnlyDictionary<TopicPartition, long> previous)
    {
        lock (_gate)
        {
            foreach (var (partition, committed) in assigned)
            {
                _held.Add(partition.Partition);
                Volatile.Write(ref _next[partition.Partition], Math.Max(committed, 0));
                Volatile.Write(ref _firstPending[partition.Partition], 1);
            }
        }

        return null;
    }

    void IPartitionEventHandler.OnRevoked(IReadOnlyCollection<TopicPartition> partitions) => Drop(partitions);

    void IPartitionEventHandler.OnLost(IReadOnlyCollection<TopicPartition> partitions) => Drop(partitions);

    private void Drop(IReadOnlyCollection<TopicPartition> partitions)
    {
        lock (_gate)
        {
            foreach (var partition in partitions)
                _held.Remove(partition.Partition);
        }
    }

    /// <summary>Reports every change of "all held partitions are at their end offsets", polling every 10 ms.</summary>
    private async Task WatchCaughtUpAsync(Func<long> count, CancellationToken cancellationToken)
    {
        bool? reported = null;
        long reportedCount = -1;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                bool caught;
                lock (_gate)
                    caught = _held.All(p => Volatile.Read(ref _next[p]) >= _end[p]);
                var n = count();
                if (caught != reported || (caught && n != reportedCount))
                {
                    Say($"STATE t={Clock.Format(Clock.NowMs())} caught={(caught ? 1 : 0)} count={n}");
                    reported = caught;
                    reportedCount = n;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string List(IEnumerable<TopicPartition> partitions) =>
        string.Join(',', partitions.Select(p => p.Partition).Order());

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }
}
