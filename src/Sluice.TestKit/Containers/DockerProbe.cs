using System.Net.Sockets;
using System.Text;

namespace Sluice.TestKit.Containers;

/// <summary>Tells whether a Docker engine answers, and if not, why.</summary>
public static class DockerProbe
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>Null when a Docker engine answers <c>/_ping</c>; otherwise the reason it cannot be used.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    private static string? Probe()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host) && !host.StartsWith("unix://", StringComparison.Ordinal))
            return null; // A TCP engine is left for Testcontainers to reach; its own error names what failed.

        var path = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host["unix://".Length..];
        if (!File.Exists(path))
            return $"no Docker engine: the socket {path} does not exist (the docker client alone is not enough)";
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.ReceiveTimeout = 2000;
            socket.SendTimeout = 2000;
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8);
            var buffer = new byte[512];
            var read = socket.Receive(buffer);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.Contains(" 200 ", StringComparison.Ordinal)
                ? null
                : $"the Docker engine at {path} did not answer /_ping with 200";
        }
        catch (SocketException e)
        {
            return $"no Docker engine answers at {path}: {e.SocketErrorCode}";
        }
    }
}
