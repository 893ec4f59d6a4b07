using Akka.Streams;
using Akka.Streams.Dsl;
using Sluice.Benchmarks.Cli;
using Sluice.Protocol.Records;

namespace Sluice.Benchmarks.Consumers;

/// <summary>
/// <c>baseline-akka</c>: what the runtime and Akka.Streams cost without Kafka. The same actor system and sink as the
/// <c>PlainSource</c> consumer, fed N records made in memory (a fresh value array each, as a decoder makes them), so
/// its peak RSS and CPU are the floor under any Akka.Streams consumer on this machine.
/// </summary>
internal static class AkkaBaseline
{
    public const string Usage = "baseline-akka [--count N] [--size S]   (N records of S-byte values from memory into the counting sink; RESULT line)";

    public static async Task<int> RunAsync(CommandArgs line)
    {
        var count = line.Long("count", 1_000_000);
        var size = line.Int("size", 100);
        line.RejectUnused();

        using var system = SluiceProfile.CreateSystem();
        var tally = new CountingSink.Tally();
        var done = Source.From(Records(count, size))
            .RunWith(new CountingSink(count, tally), system.Materializer());
        await done.ConfigureAwait(false);
        ResultLine.Print(tally.Records, tally.Bytes, tally.FirstMs, tally.LastMs, RuntimeStats.Fields());
        await system.Terminate().ConfigureAwait(false);
        return tally.Records == count ? 0 : 4;
    }

    private static IEnumerable<ConsumedRecord> Records(long count, int size)
    {
        for (var offset = 0L; offset < count; offset++)
            yield return new ConsumedRecord("baseline", (int)(offset % 6), offset, 0, TimestampType.CreateTime, null, new byte[size], [], -1);
    }
}
