using Sluice.Benchmarks.Cli;

namespace Sluice.Benchmarks.Harness;

/// <summary>
/// The broker a harness command runs against: <c>--broker legacy|mock</c> (started by the harness), or
/// <c>--bootstrap HOST:PORT</c> with <c>--legacy</c> when it is Kafka 0.9.
/// </summary>
internal sealed record BrokerChoice(string Kind, string? Bootstrap, bool LegacyBootstrap)
{
    public bool IsMock => Kind == "mock";

    public static BrokerChoice Parse(CommandArgs line)
    {
        var bootstrap = line.String("bootstrap");
        return new BrokerChoice(bootstrap is not null ? "bootstrap" : line.String("broker", "legacy"), bootstrap, line.Flag("legacy"));
    }

    public Task<BenchBroker> StartAsync() => BenchBroker.StartAsync(Kind, Bootstrap, LegacyBootstrap, TimeSpan.FromMilliseconds(100));
}
