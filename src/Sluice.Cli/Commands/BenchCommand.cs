using System.Globalization;
using Akka.Streams;
using Akka.Streams.Dsl;
using Sluice.Cli.Arguments;
using Sluice.Cli.Hosting;
using Sluice.Cli.Kafka;
using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.Protocol.Records;
using Sluice.Settings;
using Sluice.Streams;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice bench consume</c>: consumes exactly N records as a one-member group through the fastest stream source at
/// default settings and ends with one machine-readable line, so any harness can put Sluice beside other consumers.
/// </summary>
internal sealed class BenchCommand : ICommand
{
    public string Name => "bench";

    public string Summary => "Consume exactly N records as fast as Sluice can and print one RESULT line for benchmark harnesses";

    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        OptionSpec.Value("bootstrap", "HOST:PORT[,...]", "Brokers to start from"),
        OptionSpec.Value("topic", "TOPIC", "The topic to read"),
        OptionSpec.Value("group", "GROUP", "The consumer group to join (use a fresh one per run)"),
        OptionSpec.Value("count", "N", "How many records to consume"),
        OptionSpec.Value("timeout", "SECONDS", "Give up (exit 1) after this long (default 300)"),
    ];

    public string Usage => UsageText.Format(
        ["sluice bench consume --bootstrap HOST:PORT --topic TOPIC --group GROUP --count N [--timeout SECONDS]"],
        """
        Joins GROUP as its only member, reads TOPIC from the earliest offset through KafkaConsumer.PlainBatchedSource
        at default settings (records counted in chunks, nothing committed), stops after exactly N records and prints
        one line:

          RESULT msgs=M bytes=B first_ms=T1 last_ms=T2

        M records, B value bytes, T1 and T2 the epoch milliseconds when the first and the N-th record arrived.
        Exit 0 only when M equals N.
        """,
        Options);

    public async Task<int> RunAsync(ParsedArguments args, CliConsole console, CancellationToken cancellationToken)
    {
        if (args.Positionals is not ["consume"])
            throw new UsageException(args.Positionals.Count == 0 ? "say what to measure: 'sluice bench consume'" : $"unknown benchmark '{string.Join(' ', args.Positionals)}'; use consume");
        var bootstrap = BrokerAccess.Bootstrap(args);
        var topic = args.Require("topic", " (the topic to read)");
        var group = args.Require("group", " (a fresh group id)");
        var count = args.GetLong("count", 1) ?? throw new UsageException("--count N is required");
        var timeout = TimeSpan.FromSeconds(args.GetInt("timeout", 1) ?? 300);

        var system = CliActorSystem.Create("sluice-bench", args.Has("verbose"));
        try
        {
            var settings = ConsumerSettings.Create(system).WithBootstrapServers(bootstrap).WithGroupId(group).WithTopics(topic) with
            {
                AutoOffsetReset = OffsetReset.Earliest,
            };
            var tally = new Tally(count);
            var (control, done) = KafkaConsumer.PlainBatchedSource(settings)
                .Select(tally.Add)
                .TakeWhile(more => more)
                .ToMaterialized(Sink.Ignore<bool>(), Keep.Both)
                .Run(system.Materializer());
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await done.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CliException($"{tally.Count} of {count} records after {timeout.TotalSeconds:0} s; check that the topic holds at least --count records");
            }
            finally
            {
                await control.Shutdown().ConfigureAwait(false);
            }

            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"RESULT msgs={tally.Count} bytes={tally.Bytes} first_ms={tally.FirstMs} last_ms={tally.LastMs}")).ConfigureAwait(false);
            return tally.Count == count ? ExitCodes.Success : ExitCodes.Failure;
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
        }
    }

    // Counts inside the stream's own stage, so only the chunk hand-off is on the measured path.
    private sealed class Tally(long wanted)
    {
        public long Count { get; private set; }

        public long Bytes { get; private set; }

        public long FirstMs { get; private set; }

        public long LastMs { get; private set; }

        public bool Add(IReadOnlyList<ConsumedRecord> chunk)
        {
            if (Count == 0 && chunk.Count > 0)
                FirstMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var take = (int)Math.Min(chunk.Count, wanted - Count);
            for (var i = 0; i < take; i++)
                Bytes += chunk[i].Value?.Length ?? 0;
            Count += take;
            if (Count == wanted && take > 0)
                LastMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            return Count < wanted;
        }
    }
}
