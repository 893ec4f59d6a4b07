using Sluice.Network;

namespace Sluice.Cluster;

/// <summary>A broker of the cluster, by the id it registered with.</summary>
public sealed record BrokerNode(int Id, BrokerEndpoint Endpoint, string? Rack);
