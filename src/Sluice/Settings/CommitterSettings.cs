using Akka.Actor;
using Akka.Configuration;
using static Sluice.Settings.SettingGuards;

namespace Sluice.Settings;

/// <summary>
/// How the committer batches the offsets of committable records (Alpakka's and Akka.Streams.Kafka's
/// <c>CommitterSettings</c>). Immutable; change it with the <c>WithX</c> copies or an object initializer. Every value
/// is checked when set, and an invalid one raises <see cref="ArgumentOutOfRangeException"/> naming the setting and
/// the accepted range.
/// </summary>
public sealed record CommitterSettings
{
    /// <summary>The HOCON path of the committer settings.</summary>
    public const string ConfigPath = "sluice.committer";

    private static readonly HoconKey<CommitterSettings>[] Keys =
    [
        new("max-batch", "a whole number of offsets, 1 or more", (c, k, s) => s with { MaxBatch = c.GetInt(k) }),
        new("max-interval", "a positive duration such as 10s", (c, k, s) => s with { MaxInterval = ConsumerSettings.Duration(c, k) }),
        new("parallelism", "a whole number of batches, 1 or more", (c, k, s) => s with { Parallelism = c.GetInt(k) }),
    ];

    /// <summary>The defaults: batches of up to 1000 offsets, at least every 10 s, 100 batches in flight.</summary>
    public static CommitterSettings Default { get; } = new();

    /// <summary>Offsets gathered before a commit is sent (1 or more; default 1000).</summary>
    public int MaxBatch { get; init => field = AtLeast(value, 1, nameof(MaxBatch)); } = 1000;

    /// <summary>Longest wait before a partial batch is committed (more than zero; default 10 s).</summary>
    public TimeSpan MaxInterval { get; init => field = Positive(value, nameof(MaxInterval)); } = TimeSpan.FromSeconds(10);

    /// <summary>Commit batches in flight per stream (1 or more; default 100). They are serialised per member, so
    /// more only queues.</summary>
    public int Parallelism { get; init => field = AtLeast(value, 1, nameof(Parallelism)); } = 100;

    /// <summary>Settings from the actor system's configuration under <c>sluice.committer</c>, over the reference defaults.</summary>
    public static CommitterSettings Create(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Create(system.Settings.Config);
    }

    /// <summary>
    /// Settings from <paramref name="config"/> under <c>sluice.committer</c>, over the reference defaults. A missing or
    /// invalid value, or a key Sluice does not know, raises <see cref="SettingsException"/> naming the key and what
    /// is accepted.
    /// </summary>
    public static CommitterSettings Create(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        SluiceBlocks.Check(config);
        return HoconSection.Open(config.WithFallback(ConsumerSettings.Reference), ConfigPath).Read(Default, Keys);
    }

    /// <summary>Returns a copy that commits after at most <paramref name="maxBatch"/> offsets.</summary>
    public CommitterSettings WithMaxBatch(int maxBatch) => this with { MaxBatch = maxBatch };

    /// <summary>Returns a copy that commits a partial batch after at most <paramref name="maxInterval"/>.</summary>
    public CommitterSettings WithMaxInterval(TimeSpan maxInterval) => this with { MaxInterval = maxInterval };

    /// <summary>Returns a copy with <paramref name="parallelism"/> commit batches in flight.</summary>
    public CommitterSettings WithParallelism(int parallelism) => this with { Parallelism = parallelism };
}
