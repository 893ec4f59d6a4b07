using System.Collections.Concurrent;
using Akka.Actor;
using Sluice.Network;

namespace Sluice.Cluster;

/// <summary>
/// Brokers found to be Kafka 0.9, shared by every cluster view of an actor system so that each is probed once.
/// Probing is not harmless there: 0.9.0.1's network thread fails on the unknown ApiVersions key and drops the other
/// requests it received in the same pass, from any connection it serves, which then wait for an answer that never
/// comes (a member's Metadata request, say, while another member of the same process connects).
/// </summary>
internal sealed class LegacyBrokers : IExtension
{
    private readonly ConcurrentDictionary<BrokerEndpoint, bool> _known = new();

    /// <summary>The registry the cluster views of <paramref name="system"/> share.</summary>
    public static LegacyBrokers For(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension<LegacyBrokers, Provider>();
    }

    /// <summary>Whether <paramref name="endpoint"/> was found to be Kafka 0.9.</summary>
    public bool Contains(BrokerEndpoint endpoint) => _known.ContainsKey(endpoint);

    /// <summary>Remembers that <paramref name="endpoint"/> is Kafka 0.9.</summary>
    public void Add(BrokerEndpoint endpoint) => _known[endpoint] = true;

    private sealed class Provider : ExtensionIdProvider<LegacyBrokers>
    {
        public override LegacyBrokers CreateExtension(ExtendedActorSystem system) => new();
    }
}
