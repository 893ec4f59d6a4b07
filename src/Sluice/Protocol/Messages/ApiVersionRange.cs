namespace Sluice.Protocol.Messages;

/// <summary>The versions a broker accepts for one request type.</summary>
public readonly record struct ApiVersionRange(ApiKey ApiKey, VersionRange Versions);
