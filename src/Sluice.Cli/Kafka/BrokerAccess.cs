using Sluice.Cli.Arguments;
using Sluice.Cluster;
using Sluice.Network;
using Sluice.Protocol;

namespace Sluice.Cli.Kafka;

/// <summary>What every command that talks to brokers needs first: a valid bootstrap list and topics that exist.</summary>
internal static class BrokerAccess
{
    private static readonly TimeSpan LeaderPatience = TimeSpan.FromSeconds(10);

    /// <summary>The <c>--bootstrap</c> list, checked; <paramref name="fallback"/> (from a config file) when the option is absent.</summary>
    public static string Bootstrap(ParsedArguments args, string? fallback = null)
    {
        var value = args.Get("bootstrap") ?? fallback ?? throw new UsageException("--bootstrap is required (host:port of a broker)");
        try
        {
            BrokerEndpoint.ParseList(value);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--bootstrap: {e.Message.TrimEnd('.')}");
        }

        return value;
    }

    /// <summary>
    /// Metadata for <paramref name="topics"/>, once each exists and every partition has a leader (a topic a broker is
    /// auto-creating gets a few seconds). A missing topic, or no broker answering, is a <see cref="CliException"/>.
    /// </summary>
    public static async Task<MetadataSnapshot> DescribeTopicsAsync(ClusterMetadata metadata, string bootstrap, IReadOnlyList<string> topics, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LeaderPatience;
        while (true)
        {
            var snapshot = await RefreshAsync(metadata, bootstrap, topics, cancellationToken).ConfigureAwait(false);
            var missing = topics.Where(t => !snapshot.Topics.TryGetValue(t, out var info) || info.Error is ErrorCode.UnknownTopicOrPartition or ErrorCode.InvalidTopicException).ToList();
            if (missing.Count > 0)
                throw new CliException($"topic {string.Join(", ", missing.Select(t => $"'{t}'"))} does not exist on {bootstrap}; create it first, or check the name");
            var notReady = topics.Where(t => !snapshot.Topics[t].IsFullyLed).ToList();
            if (notReady.Count == 0)
                return snapshot;
            if (DateTime.UtcNow > deadline)
            {
                var info = snapshot.Topics[notReady[0]];
                throw new CliException($"topic '{info.Name}' has partitions without a leader ({info.Error}); check the brokers' health");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A metadata refresh whose failure to reach any broker is reported in the user's terms.</summary>
    public static async Task<MetadataSnapshot> RefreshAsync(ClusterMetadata metadata, string bootstrap, IReadOnlyCollection<string>? topics, CancellationToken cancellationToken)
    {
        try
        {
            return await metadata.RefreshAsync(topics, cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaConnectionException e)
        {
            throw new CliException($"no broker answered at {bootstrap} ({Reason(e.Message)}); check --bootstrap and that the brokers are running", e);
        }
    }

    // The refresh lists every broker's failure; the usual causes are named in a word (--verbose shows the full text).
    private static string Reason(string message) =>
        message.Contains("ConnectionRefused", StringComparison.Ordinal) ? "connection refused"
        : message.Contains("HostNotFound", StringComparison.Ordinal) || message.Contains("NoData", StringComparison.Ordinal) ? "host not found"
        : message.Contains("TimedOut", StringComparison.Ordinal) || message.Contains("timed out", StringComparison.OrdinalIgnoreCase) ? "connection timed out"
        : message.TrimEnd('.');
}
