using BenchmarkDotNet.Running;
using Sluice.Benchmarks.Cli;
using Sluice.Benchmarks.Consumers;
using Sluice.Benchmarks.Harness;

namespace Sluice.Benchmarks;

/// <summary>
/// BenchmarkDotNet micro-benchmarks when called with BenchmarkDotNet's own arguments (<c>--filter *</c>, …), and
/// the side-by-side harness and its child modes when the first argument is one of <see cref="Commands"/>.
/// </summary>
internal static class Program
{
    private static readonly Dictionary<string, Func<CommandArgs, Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        ["side-by-side"] = SideBySideCommand.RunAsync,
        ["group-vs-one"] = GroupVsOneCommand.RunAsync,
        ["rebalance-latency"] = RebalanceLatencyCommand.RunAsync,
        ["serve"] = ServeCommand.RunAsync,
        ["allocations"] = AllocationReport.RunAsync,
        ["jit-report"] = JitReport.RunAsync,
        ["consume-sluice-plain"] = line => SluiceConsumers.PlainAsync(Options(line)),
        ["consume-sluice-batched"] = line => SluiceConsumers.BatchedAsync(Options(line)),
        ["consume-sluice-mbc"] = line => SluiceConsumers.ManagedBalancedAsync(Options(line)),
        ["consume-confluent"] = line => Task.FromResult(ConfluentConsumer.Run(Options(line))),
        ["member-sluice"] = SluiceMember.RunAsync,
        ["baseline-akka"] = AkkaBaseline.RunAsync,
    };

    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            if (args.Length > 0 && !args[0].StartsWith('-'))
            {
                await Console.Error.WriteLineAsync($"unknown command '{args[0]}'\n\n{Usage}").ConfigureAwait(false);
                return 2;
            }

            if (args.Length == 0)
                await Console.Error.WriteLineAsync(Usage).ConfigureAwait(false);
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }

#if DEBUG
        await Console.Error.WriteLineAsync("warning: a Debug build; measure with -c Release").ConfigureAwait(false);
#endif
        try
        {
            return await command(CommandArgs.Parse(args)).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await Console.Error.WriteLineAsync($"{args[0]}: {e.Message}\n\n{Usage}").ConfigureAwait(false);
            return 2;
        }
    }

    private static ConsumeOptions Options(CommandArgs line)
    {
        var options = ConsumeOptions.From(line);
        line.RejectUnused();
        return options;
    }

    private static string Usage =>
        "Sluice.Benchmarks\n" +
        "  --filter PATTERN [BenchmarkDotNet options]   micro-benchmarks (record decode, request encode, assignors)\n" +
        "  " + SideBySideCommand.Usage + "\n" +
        "  " + GroupVsOneCommand.Usage + "\n" +
        "  " + RebalanceLatencyCommand.Usage + "\n" +
        "  " + ServeCommand.Usage + "\n" +
        "  " + AllocationReport.Usage + "\n" +
        "  " + JitReport.Usage + "\n" +
        "  child modes (started by the harness): consume-sluice-plain | consume-sluice-batched | consume-sluice-mbc | consume-confluent\n" +
        "      --bootstrap B --topic T --group G --count N [--legacy] [--tuned] [--deadline-s S] [--hocon 'sluice.consumer.x = y']\n" +
        "      → RESULT msgs=M bytes=B first_ms=T1 last_ms=T2\n" +
        "    " + AkkaBaseline.Usage + "\n" +
        "    member-sluice --bootstrap B --topic T --group G --partitions P [--end-offsets e0,e1,…] [--auto-commit] [--gate] [--tuned] [--session-timeout-ms MS]";
}
