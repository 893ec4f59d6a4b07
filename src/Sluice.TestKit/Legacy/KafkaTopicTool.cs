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
        var result = await ToolProcess.RunAsync(javaExecutable, arguments, Timeout, cancellationToken).ConfigureAwait(false);

        // 0.9 prints "Error while executing topic command" and exits 1, but some refusals only print.
        if (!result.Succeeded || !result.StandardOutput.Contains("Created topic", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"kafka.admin.TopicCommand could not create topic '{topic}': {result.Output}");
        }
    }
}
