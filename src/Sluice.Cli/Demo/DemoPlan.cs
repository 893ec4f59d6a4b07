using Sluice.Cli.Arguments;

namespace Sluice.Cli.Demo;

/// <summary>
/// When the demo does what, counted from the moment all three members share the partitions: member-2 stops at a
/// quarter of the run, member-3 is killed a little before half-way, production stops near the end (and never before
/// the group has had time to notice the kill).
/// </summary>
internal sealed record DemoPlan(TimeSpan Duration, int Rate, string? Bootstrap, string Topic)
{
    /// <summary>The run time of <c>--short</c>, for CI.</summary>
    public static readonly TimeSpan ShortDuration = TimeSpan.FromSeconds(30);

    /// <summary>The run time without <c>--short</c> or <c>--duration</c>.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(90);

    /// <summary>How long the coordinator waits for a member's heartbeat: the wait a killed member costs the group.</summary>
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(6);

    /// <summary>When member-2 is stopped gracefully.</summary>
    public TimeSpan StopAt => Duration * 0.25;

    /// <summary>When member-3 is killed.</summary>
    public TimeSpan KillAt => Duration * 0.45;

    /// <summary>When production stops.</summary>
    public TimeSpan StopProducingAt => TimeSpan.FromTicks(Math.Max((Duration * 0.85).Ticks, (KillAt + SessionTimeout + TimeSpan.FromSeconds(5)).Ticks));

    /// <summary>The plan the options ask for.</summary>
    public static DemoPlan From(ParsedArguments args)
    {
        if (args.Has("short") && args.Has("duration"))
            throw new UsageException("--short and --duration both set the run time; give one");
        var duration = args.Has("short") ? ShortDuration
            : args.GetInt("duration", 20, 600) is { } seconds ? TimeSpan.FromSeconds(seconds)
            : DefaultDuration;
        var rate = args.GetInt("rate", 1, 100_000) ?? 1000;
        var bootstrap = args.Has("bootstrap") ? Kafka.BrokerAccess.Bootstrap(args) : null;
        var topic = args.Get("topic") ?? "sluice-demo";
        if (string.IsNullOrWhiteSpace(topic))
            throw new UsageException("--topic needs a topic name; got an empty one");
        return new DemoPlan(duration, rate, bootstrap, topic);
    }
}
