using Akka.Configuration;
using Sluice.Settings;

namespace Sluice.Hosting;

/// <summary>
/// How the stream committer batches offsets, for <see cref="AkkaSluiceHostingExtensions.WithSluiceCommitter(Akka.Hosting.AkkaConfigurationBuilder, SluiceCommitterOptions)"/>.
/// Only the properties you set are written, under <c>sluice.committer</c>; the others keep Sluice's defaults (stated here).
/// </summary>
public sealed class SluiceCommitterOptions
{
    /// <summary>Offsets gathered before a commit is sent, 1 or more (<c>max-batch</c>). Default: 1000.</summary>
    public int? MaxBatch { get; set; }

    /// <summary>Longest wait before a partial batch is committed (<c>max-interval</c>). Default: 10 s.</summary>
    public TimeSpan? MaxInterval { get; set; }

    /// <summary>Commit batches in flight per stream, 1 or more (<c>parallelism</c>); they are serialised per member, so
    /// more only queues. Default: 100.</summary>
    public int? Parallelism { get; set; }

    /// <summary>The properties that are set, as HOCON under <c>sluice.committer</c>.</summary>
    public Config ToConfig()
    {
        var hocon = new HoconWriter();
        hocon.Open(CommitterSettings.ConfigPath);
        hocon.Add("max-batch", MaxBatch);
        hocon.Add("max-interval", MaxInterval);
        hocon.Add("parallelism", Parallelism);
        hocon.Close();
        return ConfigurationFactory.ParseString(hocon.ToString());
    }
}
