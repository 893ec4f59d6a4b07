using Sluice.Protocol;

namespace Sluice.Network;

/// <summary>A request written to the socket and waiting for the response with its correlation id.</summary>
internal abstract class PendingRequest
{
    protected PendingRequest(ApiKey apiKey, short version, bool flexibleResponseHeader)
    {
        ApiKey = apiKey;
        Version = version;
        FlexibleResponseHeader = flexibleResponseHeader;
    }

    public ApiKey ApiKey { get; }

    public short Version { get; }

    public bool FlexibleResponseHeader { get; }

    /// <summary>When the request was registered, just before it was written (<see cref="Environment.TickCount64"/>, ms).</summary>
    public long SentAtMs { get; } = Environment.TickCount64;

    /// <summary>Where the request went on the wire among this connection's requests (1, 2, …), 0 until written.</summary>
    public long WireOrder { get; set; }

    /// <summary>
    /// The broker may leave this request unanswered without anything being wrong (Kafka 0.9 and the ApiVersions
    /// probe, which handles the silence itself), so answers to later requests do not make it fail.
    /// </summary>
    public bool SilenceExpected { get; init; }

    public string Describe(int correlationId) => $"{ApiKey} v{Version} (correlation id {correlationId})";

    /// <summary>Decodes the body; a malformed body fails only this request.</summary>
    public abstract void Complete(ref KafkaReader body);

    public abstract void Fail(Exception exception);
}

/// <summary>A pending request whose caller awaits a decoded <typeparamref name="TResponse"/>.</summary>
internal sealed class PendingRequest<TResponse> : PendingRequest
{
    private readonly IKafkaRequest<TResponse> _request;
    private readonly TaskCompletionSource<TResponse> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingRequest(IKafkaRequest<TResponse> request, short version, bool flexibleResponseHeader)
        : base(request.ApiKey, version, flexibleResponseHeader)
    {
        _request = request;
    }

    public Task<TResponse> Task => _completion.Task;

    public override void Complete(ref KafkaReader body)
    {
        TResponse response;
        try
        {
            response = _request.ReadResponse(ref body, Version);
        }
        catch (KafkaProtocolException e)
        {
            _completion.TrySetException(new KafkaProtocolException($"{ApiKey} v{Version} response: {e.Message}", e));
            return;
        }

        _completion.TrySetResult(response);
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    /// <summary>
    /// The caller stopped waiting. The entry stays registered so the broker's answer is still read off the
    /// socket in order; only the caller's task ends.
    /// </summary>
    public void Abandon(CancellationToken token) => _completion.TrySetCanceled(token);
}
