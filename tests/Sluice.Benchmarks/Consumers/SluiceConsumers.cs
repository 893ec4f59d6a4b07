using Akka.Streams;
using Akka.Streams.Dsl;
using Sluice.Group;
using Sluice.Protocol.Records;
using Sluice.Streams;

namespace Sluice.Benchmarks.Consumers;

/// <summary>
/// The three Sluice consumer modes of the side-by-side run. Each is one fresh group member that consumes exactly
/// <see cref="ConsumeOptions.Count"/> records and prints a <see cref="ResultLine"/>; only the counting is on the
/// record path, so what is measured is Sluice handing records to the application.
/// </summary>
internal static class SluiceConsumers
{
    /// <summary><c>KafkaConsumer.PlainSource</c> → <see cref="CountingSink"/> (<c>Sink.Ignore</c> that stops after N).</summary>
    public static async Task<int> PlainAsync(ConsumeOptions options)
    {
        using var system = SluiceProfile.CreateSystem(options.Hocon);
        var settings = SluiceProfile.Settings(system, options.Bootstrap, options.Topic, options.Group, options.Tuned);
        var tally = new CountingSink.Tally();
        var (control, done) = KafkaConsumer.PlainSource(settings)
            .ToMaterialized(new CountingSink(options.Count, tally), Keep.Both)
            .Run(system.Materializer());
        return await FinishAsync(system, control, done, options, () => (tally.Records, tally.Bytes, tally.FirstMs, tally.LastMs)).ConfigureAwait(false);
    }

    /// <summary><c>KafkaConsumer.PlainBatchedSource</c>: one element per poll; the chunk sizes are summed.</summary>
    public static async Task<int> BatchedAsync(ConsumeOptions options)
    {
        using var system = SluiceProfile.CreateSystem(options.Hocon);
        var settings = SluiceProfile.Settings(system, options.Bootstrap, options.Topic, options.Group, options.Tuned);
        var n = options.Count;
        long count = 0, bytes = 0;
        double first = 0, last = 0;
        var (control, done) = KafkaConsumer.PlainBatchedSource(settings)
            .Select(chunk =>
            {
                if (count == 0 && chunk.Count > 0)
                    first = Clock.NowMs();
                var take = (int)Math.Min(chunk.Count, n - count);
                for (var i = 0; i < take; i++)
                    bytes += chunk[i].Value?.Length ?? 0;
                count += take;
                if (count == n && take > 0)
                    last = Clock.NowMs();
                return chunk;
            })
            .TakeWhile(_ => count < n, inclusive: true)
            .ToMaterialized(Sink.Ignore<IReadOnlyList<ConsumedRecord>>(), Keep.Both)
            .Run(system.Materializer());
        return await FinishAsync(system, control, done, options, () => (count, bytes, first, last)).ConfigureAwait(false);
    }

    /// <summary>The imperative API: <c>ManagedBalancedConsumer.ConsumeAsync(maxRecords, wait)</c> in a loop.</summary>
    public static async Task<int> ManagedBalancedAsync(ConsumeOptions options)
    {
        using var system = SluiceProfile.CreateSystem(options.Hocon);
        var settings = SluiceProfile.Settings(system, options.Bootstrap, options.Topic, options.Group, options.Tuned);
        using var deadline = new CancellationTokenSource(options.Deadline);
        var n = options.Count;
        long count = 0, bytes = 0;
        double first = 0, last = 0;
        try
        {
            await using var consumer = await ManagedBalancedConsumer.CreateAsync(system, settings, cancellationToken: deadline.Token).ConfigureAwait(false);
            var wait = TimeSpan.FromSeconds(1);
            while (count < n)
            {
                var records = await consumer.ConsumeAsync((int)Math.Min(settings.MaxPollRecords, n - count), wait, deadline.Token).ConfigureAwait(false);
                if (records.Count == 0)
                    continue;
                if (count == 0)
                    first = Clock.NowMs();
                for (var i = 0; i < records.Count; i++)
                    bytes += records[i].Value?.Length ?? 0;
                count += records.Count;
                if (count >= n)
                    last = Clock.NowMs();
            }

            ResultLine.Print(count, bytes, first, last, RuntimeStats.Fields());
            await consumer.StopAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"deadline of {options.Deadline.TotalSeconds:0} s passed after {count} of {n} records").ConfigureAwait(false);
            return 3;
        }

        await system.Terminate().ConfigureAwait(false);
        return count == n ? 0 : 4;
    }

    private static async Task<int> FinishAsync(
        Akka.Actor.ActorSystem system, IConsumerControl control, Task done, ConsumeOptions options, Func<(long Count, long Bytes, double First, double Last)> progress)
    {
        if (await Task.WhenAny(done, Task.Delay(options.Deadline)).ConfigureAwait(false) != done)
        {
            await Console.Error.WriteLineAsync($"deadline of {options.Deadline.TotalSeconds:0} s passed after {progress().Count} of {options.Count} records").ConfigureAwait(false);
            return 3;
        }

        await done.ConfigureAwait(false);
        var (count, bytes, first, last) = progress();
        ResultLine.Print(count, bytes, first, last, RuntimeStats.Fields());

        // Take(N) completed the source; without Shutdown the member would keep its partitions for stop-timeout.
        await control.Shutdown().ConfigureAwait(false);
        await system.Terminate().ConfigureAwait(false);
        return count == options.Count ? 0 : 4;
    }
}
