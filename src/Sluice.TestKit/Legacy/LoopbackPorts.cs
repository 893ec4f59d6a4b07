using System.Net;
using System.Net.Sockets;

namespace Sluice.TestKit.Legacy;

/// <summary>Picks free TCP ports on 127.0.0.1 by letting the kernel choose.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// Returns <paramref name="count"/> distinct ports. All listeners stay open until every port is known,
    /// so the kernel cannot hand out the same port twice within one call.
    /// </summary>
    public static IReadOnlyList<int> Pick(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
