using Sluice.Cluster;
using Sluice.Network;

namespace Sluice.TestKit.Legacy;

/// <summary>
/// Decides readiness with a real Kafka Metadata round trip to each broker, made by Sluice's own client pinned to
/// the 0.9 version table: probing for 0.9 would only add delay, and its unknown ApiVersions key makes 0.9.0.1 drop
/// the other requests read alongside it (see Sluice's LegacyBrokers). Each broker is asked separately because a
/// client may bootstrap from any of them.
/// </summary>
internal static class LegacyBrokerProbe
{
    private static readonly ConnectionSettings Settings = ConnectionSettings.Default
        .WithClientId("sluice-testkit-probe")
        .WithApiVersionsRequest(false)
        .WithConnectTimeout(TimeSpan.FromSeconds(2))
        .WithRequestTimeout(TimeSpan.FromSeconds(5));

    /// <summary>True when every broker answers Metadata and lists all of <paramref name="brokerAddresses"/>.</summary>
    public static async Task<bool> BrokersReadyAsync(IReadOnlyList<string> brokerAddresses, CancellationToken cancellationToken)
    {
        var expected = brokerAddresses.Select(BrokerEndpoint.Parse).ToHashSet();
        foreach (var address in brokerAddresses)
        {
            var snapshot = await MetadataAsync(address, topic: null, cancellationToken).ConfigureAwait(false);
            if (snapshot is null || !expected.IsSubsetOf(snapshot.Brokers.Values.Select(b => b.Endpoint)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when every broker's metadata shows <paramref name="partitions"/> partitions of the topic, each with a leader.</summary>
    public static async Task<bool> TopicReadyAsync(
        IReadOnlyList<string> brokerAddresses, string topic, int partitions, CancellationToken cancellationToken)
    {
        foreach (var address in brokerAddresses)
        {
            var snapshot = await MetadataAsync(address, topic, cancellationToken).ConfigureAwait(false);
            if (snapshot is null
                || !snapshot.Topics.TryGetValue(topic, out var info)
                || !info.IsFullyLed
                || info.Partitions.Count != partitions)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<MetadataSnapshot?> MetadataAsync(string address, string? topic, CancellationToken cancellationToken)
    {
        await using var metadata = ClusterMetadata.Create(address, Settings);
        try
        {
            return await metadata.RefreshAsync(topic is null ? null : new[] { topic }, cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaConnectionException)
        {
            // Not listening yet, or still starting up.
            return null;
        }
    }
}
