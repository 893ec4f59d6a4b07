using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Akka.Streams.Dsl;
using Sluice.Cli.Arguments;
using Sluice.Cli.Hosting;
using Sluice.Cli.Kafka;
using Sluice.Cli.Output;
using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.Group;
using Sluice.Protocol.Records;
using Sluice.Settings;
using Sluice.Streams;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice consume</c>: joins a group and prints its records. With commits (the default) a record's offset is
/// committed only after its line was written and flushed (at-least-once); Ctrl-C or SIGTERM drains, commits and
/// leaves the group, so the others take over at once.
/// </summary>
internal sealed class ConsumeCommand : ICommand
{
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(5);

    public string Name => "consume";

    public string Summary => "Join a consumer group and print its records (JSON lines or text)";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        OptionSpec.Value("bootstrap", "HOST:PORT[,...]", "Brokers to start from"),
        OptionSpec.Value("group", "GROUP", "The consumer group to join"),
        OptionSpec.Repeated("topic", "TOPIC", "A topic to read; repeat for more"),
        OptionSpec.Value("topic-pattern", "REGEX", "Read every topic whose whole name matches (.NET syntax), taking up new ones as they appear; instead of --topic"),
        OptionSpec.Value("from", "earliest|latest", "Where partitions without a committed offset start (default earliest)"),
        OptionSpec.Value("max-messages", "N", "Exit after printing N records"),
        OptionSpec.Value("idle-timeout", "MS", "Exit once no record came for MS milliseconds (counted from joining the group)"),
        OptionSpec.Value("format", "jsonl|text", "jsonl (default): one JSON object per record; text: tab-separated lines"),
        OptionSpec.Flag("no-commit", "Read without committing: the group's offsets do not move"),
        OptionSpec.Value("config", "FILE", "A HOCON file with sluice.consumer (and sluice.committer) settings; options override it"),
    ];

    public string Usage => UsageText.Format(
        ["sluice consume --bootstrap HOST:PORT --group GROUP --topic TOPIC [--topic TOPIC...] [options]",
         "sluice consume --bootstrap HOST:PORT --group GROUP --topic-pattern REGEX [options]"],
        """
        Joins GROUP and prints every record of the partitions the group gives this member, on stdout. Each record's
        offset is committed after its line was written and flushed (at-least-once) unless --no-commit is given.
        Ctrl-C (or SIGTERM) commits what was printed and leaves the group at once, so other members take over
        without waiting for the session timeout. Exits 0 after --max-messages records, after --idle-timeout, or on
        Ctrl-C. Status lines (partitions held after each rebalance) go to stderr.

        jsonl lines hold topic, partition, offset, timestamp (ms, null when the broker keeps none), key and value
        (text when valid UTF-8, else key_base64 / value_base64; null when absent) and headers ([{key, value}]).
        --bootstrap, --group and --topic (or --topic-pattern) may come from the --config file instead
        (sluice.consumer.bootstrap-servers, group-id, topics, topic-pattern).
        """,
        Options);

    public async Task<int> RunAsync(ParsedArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        var plan = ConsumePlan.From(args);
        var verbose = args.Has("verbose");
        // A pattern may match nothing yet: the member then waits for a matching topic, so only the brokers are checked.
        await using (var metadata = ClusterMetadata.Create(plan.Settings.BootstrapServers, plan.Settings.Connection.WithClientId(plan.Settings.ClientId)))
        {
            if (plan.Settings.TopicPattern is null)
                await BrokerAccess.DescribeTopicsAsync(metadata, plan.Settings.BootstrapServers, plan.Settings.Topics, cancellationToken).ConfigureAwait(false);
            else
                await BrokerAccess.RefreshAsync(metadata, plan.Settings.BootstrapServers, null, cancellationToken).ConfigureAwait(false);
        }

        var system = CliActorSystem.Create("sluice-consume", verbose);
        try
        {
            return await ConsumeAsync(plan, system, console, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    private static async Task<int> ConsumeAsync(ConsumePlan plan, ActorSystem system, CliConsole console, CancellationToken cancellationToken)
    {
        var printer = new RecordPrinter(console.Out, plan.Format, plan.MaxMessages);
        var materializer = system.Materializer();
        var settings = plan.Settings;
        var (control, done) = plan.Commit
            ? KafkaConsumer.CommittableSource(settings)
                .GroupedWithin(settings.MaxPollRecords, BatchWindow)
                .SelectMany(batch =>
                {
                    var messages = batch as IReadOnlyList<CommittableMessage> ?? batch.ToList();
                    var written = printer.Write(messages, m => m.Record);
                    return messages.Take(written).Select(m => (ICommittable)m.CommittableOffset);
                })
                .ToMaterialized(Committer.Sink(plan.CommitterSettings), Keep.Both)
                .Run(materializer)
            : KafkaConsumer.PlainSource(settings)
                .GroupedWithin(settings.MaxPollRecords, BatchWindow)
                .Select(batch =>
                {
                    var records = batch as IReadOnlyList<ConsumedRecord> ?? batch.ToList();
                    printer.Write(records, r => r);
                    return Done.Instance;
                })
                .ToMaterialized(Sink.Ignore<Done>(), Keep.Both)
                .Run(materializer);

        const string name = "sluice consume";
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var statusLines = ReportMembershipAsync(control, settings.GroupId, console.Err, name, joined, printer, stopWatching.Token);
        var idle = plan.IdleTimeout is { } timeout ? IdleAsync(printer, joined.Task, timeout, stopWatching.Token) : Task.Delay(Timeout.Infinite, stopWatching.Token);
        var interrupted = Task.Delay(Timeout.Infinite, cancellationToken);

        await Task.WhenAny(printer.Finished, idle, interrupted, done).ConfigureAwait(false);
        var why = cancellationToken.IsCancellationRequested ? "interrupted"
            : printer.Finished.IsCompleted ? (printer.OutputClosed ? "the output was closed" : "--max-messages reached")
            : idle.IsCompletedSuccessfully ? $"no record for {plan.IdleTimeout?.TotalMilliseconds:0} ms"
            : "the stream ended";
        try
        {
            await control.DrainAndShutdown(done).ConfigureAwait(false);
        }
        finally
        {
            await stopWatching.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(statusLines.ContinueWith(_ => { }, TaskScheduler.Default), idle.ContinueWith(_ => { }, TaskScheduler.Default)).ConfigureAwait(false);
        }

        var committed = plan.Commit ? "committed, " : "";
        await console.Err.WriteLineAsync($"{name}: stopped ({why}): {printer.Printed} record(s) printed; {committed}left group '{settings.GroupId}'").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    // One stderr line per assignment, with the partitions held; the first one also starts the idle clock.
    private static async Task ReportMembershipAsync(IConsumerControl control, string group, TextWriter err, string name, TaskCompletionSource joined, RecordPrinter printer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var groupEvent in control.Events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (groupEvent)
                {
                    case GroupEvent.Assigned assigned:
                        var status = await control.GetMemberStatusAsync(cancellationToken).ConfigureAwait(false);
                        var held = status.Assignment.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition).Select(p => $"{p.Topic}-{p.Partition}");
                        await err.WriteLineAsync($"{name}: joined group '{group}' (generation {assigned.GenerationId}), holding {status.Assignment.Count} partition(s): {string.Join(", ", held)}").ConfigureAwait(false);
                        await err.FlushAsync(cancellationToken).ConfigureAwait(false);
                        printer.Touch();
                        joined.TrySetResult();
                        break;
                    case GroupEvent.Lost lost:
                        await err.WriteLineAsync($"{name}: lost {lost.Partitions.Count} partition(s) without committing (the coordinator dropped this member); rejoining").ConfigureAwait(false);
                        break;
                    case GroupEvent.PartitionsChanged changed:
                        var counts = changed.PartitionCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} now has {kv.Value}");
                        await err.WriteLineAsync($"{name}: partitions were added ({string.Join(", ", counts)}); rejoining so the group assigns them").ConfigureAwait(false);
                        break;
                    case GroupEvent.TopicsMatched matched:
                        await err.WriteLineAsync($"{name}: the topics matching the pattern are now {string.Join(", ", matched.Topics)}; rejoining").ConfigureAwait(false);
                        break;
                    case GroupEvent.Fetch { Event: var fetchEvent }:
                        await err.WriteLineAsync($"{name}: {fetchEvent}").ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or AskTimeoutException)
        {
            // Stopping: the member is gone or going, and there is nothing more to report.
        }
    }

    private static async Task IdleAsync(RecordPrinter printer, Task joined, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await joined.WaitAsync(cancellationToken).ConfigureAwait(false);
        var limit = (long)timeout.TotalMilliseconds;
        while (true)
        {
            var quiet = Environment.TickCount64 - printer.LastActivity;
            if (quiet >= limit)
                return;
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(limit - quiet, 100) + 1), cancellationToken).ConfigureAwait(false);
        }
    }
}
