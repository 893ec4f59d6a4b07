using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Sluice.Protocol;
using Sluice.Protocol.Messages;

namespace Sluice.Network;

/// <summary>
/// One TCP connection to one broker. Many requests may be in flight (pipelined, up to
/// <see cref="ConnectionSettings.MaxInFlightRequests"/>); responses are matched by correlation id. When the
/// socket fails, every in-flight request completes with <see cref="KafkaConnectionException"/>.
/// </summary>
public sealed class BrokerConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly ConnectionSettings _settings;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _inFlight;
    private readonly ConcurrentDictionary<int, PendingRequest> _pending = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastReceivedMs = Environment.TickCount64;
    private ApiVersionTable? _versions;
    private Exception? _failure;
    private int _correlationId;
    private long _wireOrder;

    private BrokerConnection(BrokerEndpoint endpoint, Socket socket, ConnectionSettings settings)
    {
        Endpoint = endpoint;
        _socket = socket;
        _settings = settings;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        _inFlight = new SemaphoreSlim(settings.MaxInFlightRequests, settings.MaxInFlightRequests);
        ReadBuffers.Shared.Opened();
        _ = Task.Run(ReadLoopAsync);
    }

    /// <summary>The broker this connection goes to.</summary>
    public BrokerEndpoint Endpoint { get; }

    /// <summary>The versions the broker accepts (the fixed Kafka 0.9 table for a legacy broker).</summary>
    public ApiVersionTable Versions => _versions ?? throw new InvalidOperationException("The connection has not negotiated versions yet.");

    /// <summary>Whether this connection sent ApiVersions (it did not when the broker's versions were known).</summary>
    internal bool AskedForVersions { get; private set; }

    /// <summary>False once the connection has failed or been disposed.</summary>
    public bool IsConnected => Volatile.Read(ref _failure) is null;

    /// <summary>Completes when the connection has closed, for whatever reason.</summary>
    public Task Closed => _closed.Task;

    /// <summary>
    /// Connects and negotiates versions with ApiVersions. A Kafka 0.9 broker (which predates ApiVersions) is
    /// recognised and given the fixed 0.9 version table (see <see cref="ConnectionSettings.LegacyBrokerFallback"/>).
    /// </summary>
    public static async Task<BrokerConnection> ConnectAsync(BrokerEndpoint endpoint, ConnectionSettings? settings = null, CancellationToken cancellationToken = default)
    {
        settings ??= ConnectionSettings.Default;
        if (!settings.ApiVersionsRequest)
            return await OpenAsync(endpoint, settings, ApiVersionTable.Kafka09, cancellationToken).ConfigureAwait(false);

        var connection = await OpenAsync(endpoint, settings, null, cancellationToken).ConfigureAwait(false);
        connection.AskedForVersions = true;
        ApiVersionTable? versions;
        try
        {
            versions = await connection.NegotiateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaConnectionException e) when (e.ClosedByPeer && settings.LegacyBrokerFallback)
        {
            // The 0.9 probe went out because ApiVersions was slow, and the broker closed the connection on it (a
            // broker without ListGroups, such as a test mock). It is no 0.9 broker then: ask again without probing.
            await connection.DisposeAsync().ConfigureAwait(false);
            return await ConnectAsync(endpoint, settings with { LegacyBrokerFallback = false }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (versions is not null)
        {
            connection._versions = versions;
            return connection;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return await OpenAsync(endpoint, settings, ApiVersionTable.Kafka09, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a request at the highest version both sides support and returns the decoded response.
    /// Cancelling stops the wait only: the request stays on the wire and its answer is read and dropped.
    /// </summary>
    /// <param name="request">What to send.</param>
    /// <param name="timeout">How long to wait for the answer; <see cref="ConnectionSettings.RequestTimeout"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<TResponse> SendAsync<TResponse>(IKafkaRequest<TResponse> request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.ExpectsResponse)
            throw new InvalidOperationException($"{request.ApiKey} with this content gets no response; send it with {nameof(SendOneWayAsync)}.");
        var version = Versions.Pick(request, Endpoint, _settings.MaxVersions);
        return SendAtAsync(request, version, timeout ?? _settings.RequestTimeout, cancellationToken);
    }

    /// <summary>Sends a request the broker does not answer (Produce with acks = 0); returns once it is written.</summary>
    public async Task SendOneWayAsync(IKafkaRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ExpectsResponse)
            throw new InvalidOperationException($"{request.ApiKey} expects a response; send it with {nameof(SendAsync)}.");
        var version = Versions.Pick(request, Endpoint, _settings.MaxVersions);
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteFrameAsync(request, version, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>The socket's buffer sizes as the operating system reports them (Linux: twice what was asked).</summary>
    internal (int Receive, int Send) SocketBufferSizes => (_socket.ReceiveBufferSize, _socket.SendBufferSize);

    /// <summary>Closes the socket; requests still in flight fail with <see cref="KafkaConnectionException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        Fail(new KafkaConnectionException(Endpoint, "closed by the client"));
        await _closed.Task.ConfigureAwait(false);
    }

    private static async Task<BrokerConnection> OpenAsync(BrokerEndpoint endpoint, ConnectionSettings settings, ApiVersionTable? versions, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (settings.ReceiveBufferBytes > 0)
            socket.ReceiveBufferSize = settings.ReceiveBufferBytes;
        if (settings.SendBufferBytes > 0)
            socket.SendBufferSize = settings.SendBufferBytes;
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(settings.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, connectTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new KafkaConnectionException(endpoint, $"connect did not complete within {settings.ConnectTimeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new KafkaConnectionException(endpoint, $"connect failed: {e.SocketErrorCode}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new BrokerConnection(endpoint, socket, settings) { _versions = versions };
    }

    // Returns the broker's table, the 0.9 table when this connection proved the broker is Kafka 0.9, or null
    // when the broker closed the socket on ApiVersions (the caller reconnects in 0.9 mode).
    //
    // Kafka 0.9 does not know ApiVersions. 0.9.0.1 neither answers nor closes: its network thread fails on the
    // unknown key and goes on serving the connection. Brokers answer a connection's requests in order, so when
    // ApiVersions is slow, a ListGroups v0 (which 0.9 knows) is sent behind it: an answer to ListGroups while
    // ApiVersions is still unanswered proves the broker skipped it. Other old brokers close the socket at once.
    //
    // A broker older than our ApiVersions version answers UNSUPPORTED_VERSION with its own range for
    // ApiVersions when it can; the retry uses the highest version both accept, else v0.
    private async Task<ApiVersionTable?> NegotiateAsync(CancellationToken cancellationToken)
    {
        var request = new ApiVersionsRequest();
        var version = request.Versions.Max;
        if (_settings.MaxVersions.TryGetValue(ApiKey.ApiVersions, out var cap))
            version = Math.Min(version, cap);

        for (var attempt = 0; ; attempt++)
        {
            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            // A request that times out closes the connection, so while a 0.9 probe may follow, ApiVersions gets no
            // timer of its own: the probe's bounds the wait, and a cold broker slow to answer the probe is not cut
            // off under it. Nor does the probe's answer make it count as skipped: that silence is what the probe
            // looks for.
            var probing = attempt == 0 && _settings.LegacyBrokerFallback;
            var pending = new PendingRequest<ApiVersionsResponse>(request, version, flexibleResponseHeader: false) { SilenceExpected = probing };
            var correlationId = await WriteFrameAsync(request, version, pending, cancellationToken).ConfigureAwait(false);
            var answer = AwaitResponseAsync(pending, correlationId, probing ? Timeout.InfiniteTimeSpan : _settings.ApiVersionsTimeout, cancellationToken);

            var probed = false;
            if (probing)
            {
                var first = await Task.WhenAny(answer, Task.Delay(_settings.LegacyProbeDelay, cancellationToken)).ConfigureAwait(false);
                if (first != answer)
                {
                    probed = true;
                    if (await AnsweredAheadAsync(answer, $"ApiVersions v{version} (correlation id {correlationId})", cancellationToken).ConfigureAwait(false))
                    {
                        if (TryRemovePending(correlationId, out var unanswered))
                            unanswered.Fail(new KafkaConnectionException(Endpoint, "Kafka 0.9 does not answer ApiVersions"));
                        _ = answer.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                        return ApiVersionTable.Kafka09;
                    }
                }
            }

            ApiVersionsResponse response;
            try
            {
                response = await answer.ConfigureAwait(false);
            }
            catch (KafkaConnectionException e) when (e.ClosedByPeer && attempt == 0 && !probed && _settings.LegacyBrokerFallback)
            {
                return null;
            }

            if (response.Error == ErrorCode.None)
                return new ApiVersionTable(response.ApiKeys);
            if (response.Error != ErrorCode.UnsupportedVersion || version == 0 || attempt >= 2)
                throw new KafkaConnectionException(Endpoint, $"ApiVersions v{version} failed with {response.Error}");

            var hint = response.ApiKeys.FirstOrDefault(k => k.ApiKey == ApiKey.ApiVersions);
            version = hint.ApiKey == ApiKey.ApiVersions && hint.Versions.Max < version ? hint.Versions.Max : (short)0;
        }
    }

    private async Task<bool> AnsweredAheadAsync(Task<ApiVersionsResponse> versionsAnswer, string versionsRequest, CancellationToken cancellationToken)
    {
        var probe = SendAtAsync(new ListGroupsRequest(), 0, _settings.ApiVersionsTimeout, cancellationToken);
        var first = await Task.WhenAny(versionsAnswer, probe).ConfigureAwait(false);
        if (first == probe && probe.Exception?.InnerException is KafkaRequestTimeoutException && !versionsAnswer.IsCompletedSuccessfully)
        {
            _ = versionsAnswer.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            throw new KafkaRequestTimeoutException(
                Endpoint, $"{versionsRequest}, and the ListGroups sent behind it to recognise Kafka 0.9,", _settings.LegacyProbeDelay + _settings.ApiVersionsTimeout);
        }

        return first == probe && probe.IsCompletedSuccessfully && !versionsAnswer.IsCompleted;
    }

    // Internal so a test can send a request the version table would not pick (ApiVersions to Kafka 0.9).
    internal async Task<TResponse> SendAtAsync<TResponse>(IKafkaRequest<TResponse> request, short version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        var flexible = version >= request.FirstFlexibleVersion;
        var pending = new PendingRequest<TResponse>(request, version, RequestHeader.ResponseHeaderIsFlexible(request.ApiKey, flexible));
        var correlationId = await WriteFrameAsync(request, version, pending, cancellationToken).ConfigureAwait(false);
        return await AwaitResponseAsync(pending, correlationId, timeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResponse> AwaitResponseAsync<TResponse>(PendingRequest<TResponse> pending, int correlationId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var expiry = new CancellationTokenSource(timeout);
        await using var onExpiry = expiry.Token.Register(() => TimeOut(correlationId, timeout)).ConfigureAwait(false);
        await using var onCancel = cancellationToken.Register(() => pending.Abandon(cancellationToken)).ConfigureAwait(false);
        return await pending.Task.ConfigureAwait(false);
    }

    // The in-flight slot taken for a pending request belongs to its entry in _pending from the moment it is
    // registered, and is released by whoever removes the entry (response, timeout, failure). Before that,
    // a failure here releases it.
    private async Task<int> WriteFrameAsync(IKafkaRequest request, short version, PendingRequest? pending, CancellationToken cancellationToken)
    {
        var flexible = version >= request.FirstFlexibleVersion;
        using var frame = new KafkaWriter();
        int correlationId;
        try
        {
            ThrowIfFailed();
            var sizeAt = frame.Skip(4);
            correlationId = Interlocked.Increment(ref _correlationId) & int.MaxValue;
            RequestHeader.Write(frame, request.ApiKey, version, correlationId, _settings.ClientId, flexible);
            request.WriteBody(frame, version);
            frame.WriteInt32At(sizeAt, frame.Position - 4);
        }
        catch when (pending is not null)
        {
            _inFlight.Release();
            throw;
        }

        if (pending is not null)
        {
            _pending[correlationId] = pending;
            // The connection may have failed between the check above and the registration; the failure
            // path would then have missed this entry.
            if (Volatile.Read(ref _failure) is { } failure && TryRemovePending(correlationId, out _))
                throw failure;
        }

        // Once the first byte of a frame is on the wire the rest must follow, or the stream is corrupt:
        // the caller's token stops only the wait for the lock.
        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            TryRemovePending(correlationId, out _);
            throw;
        }

        try
        {
            if (pending is not null)
                pending.WireOrder = ++_wireOrder;
            await _stream.WriteAsync(frame.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            var failure = new KafkaConnectionException(Endpoint, $"writing {request.ApiKey} v{version} failed", e, closedByPeer: e is IOException);
            Fail(failure);
            throw failure;
        }
        finally
        {
            _writeLock.Release();
        }

        return correlationId;
    }

    private bool TryRemovePending(int correlationId, out PendingRequest pending)
    {
        if (!_pending.TryRemove(correlationId, out pending!))
            return false;
        _inFlight.Release();
        return true;
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync().ConfigureAwait(false);
                Volatile.Write(ref _lastReceivedMs, Environment.TickCount64);
                var buffer = result.Buffer;
                while (TryTakeFrame(ref buffer, out var frame))
                    Dispatch(frame);
                if (!result.IsCompleted && !result.IsCanceled && LargeFrameSize(buffer) is { } size)
                {
                    await ReadLargeFrameAsync(buffer, size).ConfigureAwait(false);
                    continue;
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    failure = new KafkaConnectionException(Endpoint, buffer.IsEmpty ? "the broker closed the connection" : ClosedMidResponse(buffer), closedByPeer: true);
                    break;
                }
            }
        }
        catch (KafkaConnectionException e)
        {
            failure = e;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            failure = new KafkaConnectionException(Endpoint, "reading from the socket failed", e, closedByPeer: true);
        }
        catch (ObjectDisposedException e)
        {
            failure = new KafkaConnectionException(Endpoint, "the connection was closed", e);
        }
        catch (Exception e)
        {
            failure = new KafkaConnectionException(Endpoint, $"reading responses failed: {e.Message}", e);
        }
        finally
        {
            Fail(failure ?? new KafkaConnectionException(Endpoint, "the connection was closed"));
            await _input.CompleteAsync().ConfigureAwait(false);
            ReadBuffers.Shared.Closed();
            _closed.TrySetResult();
        }
    }

    private bool TryTakeFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (FrameSize(buffer) is not { } size)
            return false;
        if (size < 4 || size > _settings.MaxResponseSize)
            throw new KafkaConnectionException(Endpoint, $"response size {size} is outside 4..{_settings.MaxResponseSize} bytes: the stream is not Kafka or is corrupt");
        if (buffer.Length < 4L + size)
            return false;
        frame = buffer.Slice(4, size);
        buffer = buffer.Slice(4L + size);
        return true;
    }

    // A large answer (a Fetch's records) is read from the socket straight into pooled segments once its size is
    // known, instead of piling up in the pipe's 64 KiB segments and being copied out of them: each byte is read
    // once, and the only buffer that holds it is the one the records are later decoded from.
    private const int DirectReadThreshold = 256 * 1024;

    private static int? LargeFrameSize(ReadOnlySequence<byte> buffer) =>
        FrameSize(buffer) is { } size && size >= DirectReadThreshold ? size : null;

    // What was left of an answer when the stream ended: the answer is lost, and so is every request after it.
    private static string ClosedMidResponse(ReadOnlySequence<byte> buffer) => FrameSize(buffer) is { } size
        ? $"the broker closed the connection in the middle of a response ({buffer.Length - 4} of its {size} bytes received)"
        : $"the broker closed the connection in the middle of a response ({buffer.Length} of the 4 bytes of its size received)";

    // The 4-byte size that starts every response, once it has arrived.
    private static int? FrameSize(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < 4)
            return null;
        Span<byte> prefix = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(prefix);
        return BinaryPrimitives.ReadInt32BigEndian(prefix);
    }

    // TryTakeFrame has checked the size and found the frame incomplete; the pipe holds its start and nothing after.
    private async Task ReadLargeFrameAsync(ReadOnlySequence<byte> buffer, int size)
    {
        var frame = new SegmentedFrame(ReadBuffers.Shared.Segments, size);
        try
        {
            // What the pipe already holds first, then the rest straight from the socket, segment by segment.
            var at = frame.Fill(buffer.Slice(4));
            _input.AdvanceTo(buffer.End);
            while (at < size)
            {
                var target = frame.From(at);
                var read = await _stream.ReadAtLeastAsync(target, target.Length, throwOnEndOfStream: false).ConfigureAwait(false);
                at += read;
                Volatile.Write(ref _lastReceivedMs, Environment.TickCount64);
                if (read < target.Length)
                    throw new KafkaConnectionException(Endpoint, $"the broker closed the connection in the middle of a response ({at} of its {size} bytes received)", closedByPeer: true);
            }
        }
        catch
        {
            frame.Release();
            throw;
        }

        Dispatch(frame);
    }

    private void Dispatch(ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            var reader = new KafkaReader(frame.FirstSpan);
            Dispatch(ref reader);
            return;
        }

        // A frame spread over pipe segments is assembled in a pooled array that what is decoded from it may keep:
        // record bytes are then read from the frame itself, never copied again.
        Dispatch(Assemble(frame), (int)frame.Length);
    }

    // Takes over the caller's references to the segments.
    private void Dispatch(SegmentedFrame frame)
    {
        try
        {
            var reader = new KafkaReader(frame);
            Dispatch(ref reader);
        }
        finally
        {
            frame.Release();
        }
    }

    // Takes over the caller's reference to the frame.
    private void Dispatch(FrameBuffer pooled, int length)
    {
        try
        {
            var reader = new KafkaReader(pooled, length);
            Dispatch(ref reader);
        }
        finally
        {
            pooled.Release();
        }
    }

    private void Dispatch(ref KafkaReader reader)
    {
        // The header's layout depends on the request, so it is read in two steps: the correlation id names the
        // request, and the request says whether tagged fields follow.
        var correlationId = ResponseHeader.ReadCorrelationId(ref reader);
        if (!TryRemovePending(correlationId, out var pending))
            throw new KafkaConnectionException(Endpoint, $"response with correlation id {correlationId} matches no request in flight");
        var skipped = _pending.IsEmpty ? null : Skipped(_pending, pending.WireOrder);
        try
        {
            ResponseHeader.ReadRest(ref reader, pending.FlexibleResponseHeader);
            pending.Complete(ref reader);
        }
        catch (KafkaProtocolException e)
        {
            pending.Fail(e);
        }

        if (skipped is { Count: > 0 })
            FailSkipped(skipped, pending.Describe(correlationId));
    }

    /// <summary>
    /// The requests in flight written before the one written <paramref name="answeredWireOrder"/>-th: a broker
    /// answers a connection's requests in the order it read them, so once a later one is answered these never will
    /// be (Kafka 0.9, for one, drops the requests it read alongside one it cannot parse, even another client's).
    /// Those whose silence is expected are left out.
    /// </summary>
    internal static List<int> Skipped(IEnumerable<KeyValuePair<int, PendingRequest>> inFlight, long answeredWireOrder)
    {
        var skipped = new List<int>();
        foreach (var (correlationId, request) in inFlight)
        {
            if (request.WireOrder > 0 && request.WireOrder < answeredWireOrder && !request.SilenceExpected)
                skipped.Add(correlationId);
        }

        return skipped;
    }

    // Fails them at once rather than at their timeouts, and closes the connection as a timeout would: what made the
    // broker skip them is not known, and the requests behind them are better sent again on a fresh connection.
    private void FailSkipped(List<int> skipped, string answered)
    {
        var described = new List<string>();
        foreach (var correlationId in skipped.Order())
        {
            if (!TryRemovePending(correlationId, out var request))
                continue;
            var description = request.Describe(correlationId);
            described.Add(description);
            request.Fail(new KafkaConnectionException(Endpoint, $"{description} got no response: the broker answered {answered}, sent after it, and it answers a connection's requests in order"));
        }

        if (described.Count > 0)
            Fail(new KafkaConnectionException(Endpoint, $"closed because the broker skipped {string.Join(", ", described)}"));
    }

    private static FrameBuffer Assemble(ReadOnlySequence<byte> frame)
    {
        var length = (int)frame.Length;
        var frames = ReadBuffers.Shared.Frames;
        var array = frames.Rent(length);
        frame.CopyTo(array);
        return new FrameBuffer(frames, array, length);
    }

    private void TimeOut(int correlationId, TimeSpan timeout)
    {
        if (!TryRemovePending(correlationId, out var pending))
            return;
        var description = pending.Describe(correlationId);
        pending.Fail(new KafkaRequestTimeoutException(Endpoint, description, timeout, Circumstances(correlationId)));
        Fail(new KafkaConnectionException(Endpoint, $"closed because {description} timed out after {timeout.TotalMilliseconds:0} ms"));
    }

    // A broker answers the requests of a connection in order: an answer owed ahead of the late one, or silence from
    // the broker altogether, tells where to look.
    private string Circumstances(int correlationId)
    {
        var now = Environment.TickCount64;
        var ahead = _pending
            .Where(p => p.Key < correlationId)
            .OrderBy(p => p.Key)
            .Select(p => $"{p.Value.Describe(p.Key)}, sent {now - p.Value.SentAtMs} ms ago")
            .ToList();
        var owed = ahead.Count == 0 ? "no answer owed ahead of it" : $"answers owed ahead of it: {string.Join("; ", ahead)}";
        return $"the broker last sent bytes {now - Volatile.Read(ref _lastReceivedMs)} ms ago; {owed}";
    }

    private void Fail(Exception failure)
    {
        if (Interlocked.CompareExchange(ref _failure, failure, null) is not null)
            return;
        foreach (var correlationId in _pending.Keys)
        {
            if (TryRemovePending(correlationId, out var pending))
                pending.Fail(failure);
        }

        // Disposing the socket ends the read loop, which completes Closed.
        _socket.Dispose();
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } failure)
            throw failure is KafkaConnectionException known
                ? new KafkaConnectionException(Endpoint, $"the connection is closed ({known.Message})", known, known.ClosedByPeer)
                : new KafkaConnectionException(Endpoint, "the connection is closed", failure);
    }
}
