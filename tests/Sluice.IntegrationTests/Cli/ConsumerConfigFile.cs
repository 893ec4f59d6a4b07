using System.Globalization;

namespace Sluice.IntegrationTests.Cli;

/// <summary>A temporary HOCON file for <c>sluice consume --config</c> with short group timings, deleted on dispose.</summary>
public sealed class ConsumerConfigFile : IDisposable
{
    private ConsumerConfigFile(string path)
    {
        Path = path;
    }

    /// <summary>Where the file is.</summary>
    public string Path { get; }

    /// <summary>
    /// Writes a file with <paramref name="sessionTimeout"/> (also the rebalance timeout), 300 ms heartbeats and 50 ms
    /// fetch waits. librdkafka's mock holds a group's next join for the session timeout minus 1 s after a member leaves,
    /// so a short session timeout keeps repeated runs against one group quick.
    /// </summary>
    public static ConsumerConfigFile Create(TimeSpan sessionTimeout)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sluice-cli-{Guid.NewGuid():N}.conf");
        var ms = sessionTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(path, $$"""
            sluice.consumer {
              session-timeout = {{ms}}ms
              rebalance-timeout = {{ms}}ms
              heartbeat-interval = 300ms
              fetch-wait-max = 50ms
            }
            """);
        return new ConsumerConfigFile(path);
    }

    /// <inheritdoc />
    public void Dispose() => File.Delete(Path);
}
