using Sluice.Benchmarks.Cli;

namespace Sluice.Benchmarks.Consumers;

/// <summary>What every single-member consumer mode is told: where, what, how many, and which flavour.</summary>
/// <param name="Bootstrap">Broker list.</param>
/// <param name="Topic">The loaded topic.</param>
/// <param name="Group">A group id no earlier run used, so consumption starts at the earliest offsets.</param>
/// <param name="Count">Exactly how many records to consume before stopping.</param>
/// <param name="Legacy">The broker is Kafka 0.9 (librdkafka needs to be told; Sluice finds out by itself).</param>
/// <param name="Tuned">The tuned variant of the tool instead of its defaults.</param>
/// <param name="Deadline">The child gives up (exit code 3) after this long.</param>
/// <param name="Hocon">Extra HOCON for a Sluice child's actor system (e.g. <c>sluice.consumer.queued-max-messages = 5000</c>), for experiments.</param>
internal sealed record ConsumeOptions(string Bootstrap, string Topic, string Group, long Count, bool Legacy, bool Tuned, TimeSpan Deadline, string Hocon = "")
{
    public static ConsumeOptions From(CommandArgs line) => new(
        line.Required("bootstrap"),
        line.Required("topic"),
        line.Required("group"),
        line.Long("count", 0) is > 0 and var n ? n : throw new UsageException("--count must be positive"),
        line.Flag("legacy"),
        line.Flag("tuned"),
        TimeSpan.FromSeconds(line.Double("deadline-s", 600)),
        line.String("hocon", ""));
}
