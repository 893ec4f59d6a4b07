using System.Globalization;

namespace Sluice.Network;

/// <summary>Where a broker listens.</summary>
public sealed record BrokerEndpoint(string Host, int Port)
{
    /// <summary>Parses <c>host:port</c> (IPv6 hosts in brackets: <c>[::1]:9092</c>).</summary>
    public static BrokerEndpoint Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            throw new FormatException($"'{value}' is not a broker address; expected host:port.");
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        else if (host.Contains(':'))
            throw new FormatException($"'{value}' is ambiguous: write an IPv6 address in brackets, as [::1]:9092.");
        if (host.Length == 0)
            throw new FormatException($"'{value}' has no host; expected host:port.");
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new FormatException($"'{value}' has no valid port; expected a number from 1 to 65535.");
        return new BrokerEndpoint(host, port);
    }

    /// <summary>Parses a comma-separated bootstrap list such as <c>a:9092,b:9092</c>.</summary>
    public static IReadOnlyList<BrokerEndpoint> ParseList(string bootstrapServers)
    {
        ArgumentNullException.ThrowIfNull(bootstrapServers);
        var endpoints = bootstrapServers
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse)
            .ToList();
        return endpoints.Count > 0
            ? endpoints
            : throw new FormatException("The bootstrap server list is empty; expected host:port[,host:port…].");
    }

    /// <inheritdoc />
    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
