using System.Globalization;

namespace Sluice.TestKit.Legacy;

/// <summary>Runs Kafka 0.9's own <c>kafka.admin.TopicCommand</c> against the run's ZooKeeper.</summary>
internal sealed class KafkaTopicTool(string javaExecutable, string classPath, string runDirectory, string zooKeeperConnect)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <exception cref="InvalidOperationException">The tool refused, e.g. the topic exists or too few brokers.</exception>
    public Task CreateAsync(string topic, int partitions, int replicationFactor, CancellationToken cancellationToken) =>
        RunAsync(
            ["--create", "--topic", topic, "--partitions", Number(partitions), "--replication-factor", Number(replicationFactor)],
            "Created topic",
            $"create topic '{topic}'",
            cancellationToken);

    /// <summary>Raises the topic's partition count to <paramref name="partitions"/> (Kafka never lowers it).</summary>
    /// <exception cref="InvalidOperationException">The tool refused, e.g. the topic is missing or already has as many.</exception>
    public Task AddPartitionsAsync(string topic, int partitions, CancellationToken cancellationToken) =>
        RunAsync(["--alter", "--topic", topic, "--partitions", Number(partitions)], "Adding partitions succeeded", $"add partitions to topic '{topic}'", cancellationToken);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    // 0.9 prints "Error while executing topic command" and exits 1, but some refusals only print: success is the
    // tool's own confirmation line.
    private async Task RunAsync(string[] command, string confirmation, string what, CancellationToken cancellationToken)
    {
        var arguments = JvmArguments.For(
            runDirectory, "topic-command", heapMegabytes: 128, classPath, "kafka.admin.TopicCommand", ["--zookeeper", zooKeeperConnect, .. command]);
        var result = await ToolProcess.RunAsync(javaExecutable, arguments, Timeout, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded || !result.StandardOutput.Contains(confirmation, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"kafka.admin.TopicCommand could not {what}: {result.Output}");
        }
    }
}
