using Sluice.Benchmarks.Consumers;

namespace Sluice.Benchmarks.Harness;

internal enum ToolKind
{
    SluicePlain,
    SluiceBatched,
    SluiceManaged,
    Confluent,
    Kcat,
}

/// <summary>One row of the side-by-side table: a consumer and its settings.</summary>
internal sealed record Tool(string Name, ToolKind Kind, bool Tuned, string Label, IReadOnlyDictionary<string, string>? Environment = null, bool JitOnly = false)
{
    public static IReadOnlyList<Tool> All { get; } =
    [
        new("sluice", ToolKind.SluicePlain, false, "Sluice `PlainSource` → `Sink.Ignore` (defaults)"),
        new("sluice-tuned", ToolKind.SluicePlain, true, "Sluice `PlainSource` → `Sink.Ignore` (tuned)"),
        new("sluice-batched", ToolKind.SluiceBatched, false, "Sluice `PlainBatchedSource` (defaults)"),
        new("sluice-mbc", ToolKind.SluiceManaged, false, "Sluice `ManagedBalancedConsumer.ConsumeAsync` loop (defaults)"),
        new("sluice-tc0", ToolKind.SluicePlain, false, "Sluice `PlainSource` (defaults) with `DOTNET_TieredCompilation=0`",
            new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" }),
        new("sluice-jit", ToolKind.SluicePlain, false, "Sluice `PlainSource` (defaults) from the plain build: JIT only, no ReadyToRun", JitOnly: true),
        new("confluent", ToolKind.Confluent, false, "Confluent.Kafka 2.16 (defaults)"),
        new("confluent-tuned", ToolKind.Confluent, true, "Confluent.Kafka 2.16 (`fetch.queue.backoff.ms=10`)"),
        new("kcat", ToolKind.Kcat, false, "kcat 1.7.1 on librdkafka 2.16 (defaults)"),
        new("kcat-tuned", ToolKind.Kcat, true, "kcat 1.7.1 on librdkafka 2.16 (`fetch.queue.backoff.ms=10`)"),
    ];

    /// <summary>The default selection: every tool the issue asks for (kcat-tuned only on request).</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = ["sluice", "sluice-tuned", "sluice-batched", "sluice-mbc", "sluice-jit", "confluent", "confluent-tuned", "kcat"];

    public bool IsSluice => Kind is ToolKind.SluicePlain or ToolKind.SluiceBatched or ToolKind.SluiceManaged;

    public static Tool Named(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new Cli.UsageException($"unknown tool '{name}'; known: {string.Join(", ", All.Select(t => t.Name))}");

    /// <summary>The child mode and arguments for a .NET tool.</summary>
    public IEnumerable<string> ChildArguments(string bootstrap, string topic, string group, long count, bool legacy)
    {
        yield return Kind switch
        {
            ToolKind.SluicePlain => "consume-sluice-plain",
            ToolKind.SluiceBatched => "consume-sluice-batched",
            ToolKind.SluiceManaged => "consume-sluice-mbc",
            ToolKind.Confluent => "consume-confluent",
            _ => throw new InvalidOperationException($"{Name} is not a .NET child"),
        };
        foreach (var a in new[] { "--bootstrap", bootstrap, "--topic", topic, "--group", group, "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            yield return a;
        if (legacy)
            yield return "--legacy";
        if (Tuned)
            yield return "--tuned";
    }

    /// <summary>kcat's arguments (the research harness's command).</summary>
    public IEnumerable<string> KcatArguments(string bootstrap, string topic, string group, long count, bool legacy)
    {
        var args = new List<string> { "-q", "-b", bootstrap, "-G", group, "-X", "auto.offset.reset=earliest" };
        if (legacy)
            args.AddRange(["-X", "api.version.request=false", "-X", "broker.version.fallback=0.9.0.1", "-X", "session.timeout.ms=30000"]);
        if (Tuned)
            args.AddRange(["-X", "fetch.queue.backoff.ms=10"]);
        args.AddRange(["-c", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "\\n", topic]);
        return args;
    }

    /// <summary>What the tool's settings are, for the report.</summary>
    public string Settings(bool legacy) => Kind switch
    {
        ToolKind.SluicePlain or ToolKind.SluiceBatched or ToolKind.SluiceManaged => Tuned ? SluiceProfile.TunedDescription : SluiceProfile.DefaultDescription,
        ToolKind.Confluent => "session.timeout.ms=30000, auto.offset.reset=earliest" + (legacy ? ", api.version.request=false, broker.version.fallback=0.9.0.1" : "") + (Tuned ? ", fetch.queue.backoff.ms=10" : ""),
        _ => "kcat " + string.Join(' ', KcatArguments("B", "T", "G", 0, legacy)).Replace("-c 0", "-c N", StringComparison.Ordinal).Replace("-f \\n", "-f '\\n'", StringComparison.Ordinal),
    };
}
