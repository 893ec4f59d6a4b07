using Sluice.Benchmarks.Cli;
using Sluice.Protocol.Compression;

namespace Sluice.Benchmarks.Harness;

/// <summary>
/// <c>serve</c>: starts the benchmark's broker, loads the topics and keeps them up until stdin closes, so one
/// consumer can be run by hand against it (with a profiler, dotnet-counters, a different build, …).
/// </summary>
internal static class ServeCommand
{
    public const string Usage = "serve [--broker legacy|mock] [--count N] [--size S[,S…]] [--partitions P] [--codec c] [--batch-kib K]   (prints the bootstrap and topics; runs until stdin closes)";

    public static async Task<int> RunAsync(CommandArgs line)
    {
        var kind = line.String("broker", "legacy");
        var count = line.Long("count", kind == "mock" ? 200_000 : 1_000_000);
        var sizes = line.Counts("size", [100]).Select(s => checked((int)s)).ToArray();
        var partitions = line.Int("partitions", 6);
        var codec = Enum.Parse<CompressionCodec>(line.String("codec", "none"), ignoreCase: true);
        var batchKib = line.Int("batch-kib", 256);
        line.RejectUnused();
        await using var broker = await new BrokerChoice(kind, null, false).StartAsync().ConfigureAwait(false);
        foreach (var size in sizes)
        {
            var spec = new TopicSpec(count, size, partitions, codec);
            await TopicLoader.EnsureLoadedAsync(broker, spec, batchKib * 1024, Console.Out).ConfigureAwait(false);
            Console.WriteLine($"topic={spec.Name}");
        }

        Console.WriteLine($"bootstrap={broker.BootstrapServers} legacy={broker.Legacy} broker_pids={string.Join(',', broker.BrokerProcessIds())}");
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is not null)
        {
        }

        return 0;
    }
}
