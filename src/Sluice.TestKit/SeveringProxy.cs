using System.Net;
using System.Net.Sockets;

namespace Sluice.TestKit;

/// <summary>
/// A loopback TCP proxy in front of a real broker: it passes bytes both ways unchanged and, when armed with
/// <see cref="SeverAfter"/>, closes the client's connection once that many more bytes have come back from the
/// broker — a broker that dies in the middle of an answer, which no broker does on demand. It never reads or
/// writes Kafka requests itself. Clients reach it only through the address they are given: a broker's metadata
/// still names the broker's own port.
/// </summary>
public sealed class SeveringProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _accepting;
    private readonly object _gate = new();
    private long _budget = -1;
    private TaskCompletionSource _severed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;

    private SeveringProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>The proxy's <c>host:port</c>, to connect to instead of the broker's.</summary>
    public string Address { get; }

    /// <summary>How many client connections the proxy has accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Starts a proxy in front of <paramref name="target"/> (<c>host:port</c>, a loopback broker).</summary>
    public static SeveringProxy Start(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(target[(colon + 1)..], out var port))
            throw new ArgumentException($"'{target}' is not host:port.", nameof(target));
        return new SeveringProxy(target[..colon], port);
    }

    /// <summary>
    /// Arms the proxy: after <paramref name="bytes"/> more bytes from the broker have been passed on (on whichever
    /// connection they come), the connection they came on is closed towards the client, which sees its broker
    /// close the socket. Returns a task that completes when that happened.
    /// </summary>
    public Task SeverAfter(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            _budget = bytes;
            _severed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _severed.Task;
        }
    }

    /// <summary>Stops accepting and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
                socket.Dispose();
        }

        try
        {
            await _accepting.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped while accepting.
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _connections);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var broker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        lock (_sockets)
        {
            _sockets.Add(client);
            _sockets.Add(broker);
        }

        try
        {
            await broker.ConnectAsync(_targetHost, _targetPort, _stopping.Token).ConfigureAwait(false);
            var requests = PumpAsync(client, broker, counted: false);
            var responses = PumpAsync(broker, client, counted: true);
            var first = await Task.WhenAny(requests, responses).ConfigureAwait(false);

            // Severed: the client has been sent the end of the stream; closing its socket before it has closed its
            // side could reset the connection instead, and the client must see the broker's stream end.
            if (first == responses && await responses.ConfigureAwait(false))
                await requests.ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away; both are closed below.
        }
        finally
        {
            Close(client);
            Close(broker);
        }
    }

    // Copies until either side closes; on the response side, stops at the armed budget and ends the client's
    // stream. Returns whether it severed.
    private async Task<bool> PumpAsync(Socket from, Socket to, bool counted)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token).ConfigureAwait(false);
            if (read == 0)
                return false;
            var pass = read;
            TaskCompletionSource? severed = null;
            if (counted)
            {
                lock (_gate)
                {
                    if (_budget >= 0)
                    {
                        if (_budget < read)
                        {
                            pass = (int)_budget;
                            severed = _severed;
                            _budget = -1;
                        }
                        else
                        {
                            _budget -= read;
                        }
                    }
                }
            }

            if (pass > 0)
                await to.SendAsync(buffer.AsMemory(0, pass), SocketFlags.None, _stopping.Token).ConfigureAwait(false);
            if (severed is not null)
            {
                // The client reads what was passed on, then the end of the stream: a broker gone mid-answer.
                to.Shutdown(SocketShutdown.Send);
                severed.TrySetResult();
                return true;
            }
        }
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        socket.Dispose();
    }
}
