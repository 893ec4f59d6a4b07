using System.Globalization;

namespace Sluice.TestKit.Legacy;

/// <summary>Runs Kafka 0.9's own <c>kafka.admin.TopicCommand</c> against the run's ZooKeeper.</summary>
internal static class KafkaTopicTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <exception cref="InvalidOperationException">The tool refused, e.g. the topic exists or too few brokers.</exception>
    public static async Task CreateAsync(
        string javaExecutable,
        string classPath,
        string runDirectory,
        string zooKeeperConnect,
        string topic,
        int partitions,
        int replicationFactor,
        CancellationToken cancellationToken)
    {
        var arguments = JvmArguments.For(
            runDirectory,
            "topic-command",
            heapMegabytes: 128,
            classPath,
            "kafka.admin.TopicCommand",
            new[]
            {
                "--zookeeper", zooKeeperConnect,
                "--create",
                "--topic", topic,
                "--partitions", partitions.ToString(CultureInfo.InvariantCulture),
                "--replication-factor", replicationFactor.ToString(CultureInfo.InvariantCulture),
            });
        await RunAsync(javaExecutable, arguments, "Created topic", $"create topic '{topic}'", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Raises the topic's partition count to <paramref name="partitions"/> (Kafka never lowers it).</summary>
    /// <exception cref="InvalidOperationException">The tool refused, e.g. the topic is missing or already has as many.</exception>
    public static async Task AddPartitionsAsync(
        string javaExecutable,
        string classPath,
        string runDirectory,
        string zooKeeperConnect,
        string topic,
        int partitions,
        CancellationToken cancellationToken)
    {
        var arguments = JvmArguments.For(
            runDirectory,
            "topic-command",
            heapMegabytes: 128,
            classPath,
            "kafka.admin.TopicCommand",
            new[]
            {
                "--zookeeper", zooKeeperConnect,
                "--alter",
                "--topic", topic,
                "--partitions", partitions.ToString(CultureInfo.InvariantCulture),
            });
        await RunAsync(javaExecutable, arguments, "Adding partitions succeeded", $"add partitions to topic '{topic}'", cancellationToken).ConfigureAwait(false);
    }

    // 0.9 prints "Error while executing topic command" and exits 1, but some refusals only print: success is the
    // tool's own confirmation line.
    private static async Task RunAsync(string javaExecutable, IReadOnlyList<string> arguments, string confirmation, string what, CancellationToken cancellationToken)
    {
        var result = await ToolProcess.RunAsync(javaExecutable, arguments, Timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded || !result.StandardOutput.Contains(confirmation, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"kafka.admin.TopicCommand could not {what}: {result.Output}");
        }
    }
}
