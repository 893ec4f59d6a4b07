using Confluent.Kafka;

namespace Sluice.Benchmarks.Consumers;

/// <summary>
/// Confluent.Kafka 2.16 as an application would use it: <c>ConsumerBuilder&lt;Ignore, byte[]&gt;</c>, Subscribe, a
/// tight <c>Consume</c> loop counting records and value bytes, auto-commit at its default (on). "Tuned" sets only
/// <c>fetch.queue.backoff.ms=10</c> (librdkafka otherwise waits 1 s whenever its pre-fetch queue is full).
/// </summary>
internal static class ConfluentConsumer
{
    public static ConsumerConfig Config(string bootstrap, string group, bool legacy, bool tuned)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = group,
            AutoOffsetReset = AutoOffsetReset.Earliest,

            // librdkafka's 45 s default is more than Kafka 0.9 accepts (group.max.session.timeout.ms = 30 s).
            SessionTimeoutMs = 30_000,
        };
        if (legacy)
        {
            config.Set("api.version.request", "false");
            config.Set("broker.version.fallback", "0.9.0.1");
        }

        if (tuned)
            config.Set("fetch.queue.backoff.ms", "10");
        return config;
    }

    public static int Run(ConsumeOptions options)
    {
        ConfluentNative.UseBundled();
        var n = options.Count;
        long count = 0, bytes = 0;
        double first = 0, last = 0;
        var deadline = DateTime.UtcNow + options.Deadline;
        using (var consumer = new ConsumerBuilder<Ignore, byte[]>(Config(options.Bootstrap, options.Group, options.Legacy, options.Tuned)).Build())
        {
            consumer.Subscribe(options.Topic);
            var poll = TimeSpan.FromMilliseconds(100);
            while (count < n)
            {
                var result = consumer.Consume(poll);
                if (result is null)
                {
                    if (DateTime.UtcNow > deadline)
                    {
                        Console.Error.WriteLine($"deadline of {options.Deadline.TotalSeconds:0} s passed after {count} of {n} records");
                        return 3;
                    }

                    continue;
                }

                if (result.IsPartitionEOF)
                    continue;
                if (++count == 1)
                    first = Clock.NowMs();
                bytes += result.Message.Value?.Length ?? 0;
                if (count == n)
                    last = Clock.NowMs();
            }

            ResultLine.Print(count, bytes, first, last, RuntimeStats.Fields());
            consumer.Close();
        }

        return 0;
    }
}
