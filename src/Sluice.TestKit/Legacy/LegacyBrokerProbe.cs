using System.Net.Sockets;
using System.Text.Json;

namespace Sluice.TestKit.Legacy;

/// <summary>
/// Decides readiness with a real Kafka Metadata round trip to each broker. kcat (librdkafka) makes the request,
/// pinned to the 0.9 protocol table, because a 0.9 broker drops connections that send ApiVersions.
/// </summary>
internal static class LegacyBrokerProbe
{
    private static readonly TimeSpan KcatTimeout = TimeSpan.FromSeconds(10);

    /// <exception cref="TestClusterUnavailableException">kcat is not installed.</exception>
    public static void EnsureAvailable()
    {
        if (ExecutableSearch.OnPath("kcat") is null)
        {
            throw new TestClusterUnavailableException(
                TestBrokerBackend.LegacyKafka, "kcat not found on PATH; it probes broker readiness (Debian/Ubuntu: apt-get install kcat)");
        }
    }

    /// <summary>True when every broker answers Metadata and lists all of <paramref name="brokerAddresses"/>.</summary>
    public static async Task<bool> BrokersReadyAsync(IReadOnlyList<string> brokerAddresses, CancellationToken cancellationToken)
    {
        foreach (var address in brokerAddresses)
        {
            using var metadata = await MetadataAsync(address, topic: null, cancellationToken).ConfigureAwait(false);
            if (metadata is null)
            {
                return false;
            }

            var listed = metadata.RootElement.GetProperty("brokers").EnumerateArray()
                .Select(b => b.GetProperty("name").GetString())
                .ToHashSet(StringComparer.Ordinal);
            if (!brokerAddresses.All(listed.Contains))
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
            using var metadata = await MetadataAsync(address, topic, cancellationToken).ConfigureAwait(false);
            if (metadata is null || !HasAllLeaders(metadata.RootElement, topic, partitions))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasAllLeaders(JsonElement metadata, string topic, int partitions)
    {
        foreach (var entry in metadata.GetProperty("topics").EnumerateArray())
        {
            if (entry.GetProperty("topic").GetString() != topic || entry.TryGetProperty("error", out _))
            {
                continue;
            }

            var withLeader = entry.GetProperty("partitions").EnumerateArray()
                .Count(p => !p.TryGetProperty("error", out _) && p.GetProperty("leader").GetInt32() >= 0);
            return withLeader == partitions;
        }

        return false;
    }

    private static async Task<JsonDocument?> MetadataAsync(string address, string? topic, CancellationToken cancellationToken)
    {
        // kcat waits out its whole metadata timeout on a refused connection; a plain connect answers at once.
        if (!await AcceptsConnectionsAsync(address, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var arguments = new List<string>
        {
            "-b", address,
            "-X", "broker.version.fallback=0.9.0",
            "-X", "api.version.request=false",
            "-L", "-J", "-m", "3",
        };
        if (topic is not null)
        {
            arguments.AddRange(new[] { "-t", topic });
        }

        ToolResult result;
        try
        {
            result = await ToolProcess.RunAsync("kcat", arguments, KcatTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }

        if (!result.Succeeded)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(result.StandardOutput);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(string address, CancellationToken cancellationToken)
    {
        var colon = address.LastIndexOf(':');
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(address[..colon], int.Parse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), timeout.Token)
                .ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
