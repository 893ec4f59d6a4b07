using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;

namespace Sluice.TestKit.Mock;

/// <summary>
/// The running host process and its control channel: one command in flight at a time, each answered by
/// one stdout line within a timeout. A host that dies, hangs or garbles the protocol is failed for good,
/// because the pairing of commands and answers can no longer be trusted.
/// </summary>
internal sealed class MockHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(1);

    private readonly Process _process;
    private readonly TimeSpan _commandTimeout;
    private readonly Channel<string> _stdoutLines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly StderrTail _stderr = new(capacity: 40);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private MockHostFailedException? _failure;
    private int _disposed;

    private MockHostProcess(Process process, TimeSpan commandTimeout)
    {
        _process = process;
        _commandTimeout = commandTimeout;
        ProcessId = process.Id;
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>The host's process id.</summary>
    public int ProcessId { get; }

    /// <summary>Starts the process described by <paramref name="start"/>.</summary>
    /// <exception cref="TestClusterUnavailableException">The executable cannot be run.</exception>
    public static MockHostProcess Start(ProcessStartInfo start, TimeSpan commandTimeout)
    {
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("Process.Start returned no process");
        }
        catch (Win32Exception e)
        {
            throw new TestClusterUnavailableException(TestBrokerBackend.MockCluster, $"cannot run {start.FileName}: {e.Message}", e);
        }

        return new MockHostProcess(process, commandTimeout);
    }

    /// <summary>
    /// Waits for the host's start line; null when the host exits first.
    /// </summary>
    /// <exception cref="TimeoutException">No line within <paramref name="timeout"/>.</exception>
    public async Task<string?> ReadStartLineAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await _stdoutLines.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no start line within {timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>
    /// Describes why the host is unusable: its exit code once it has exited, and its stderr tail.
    /// Kills a host that is still running so it cannot linger.
    /// </summary>
    public async Task<MockHostFailedException> FailAsync(string reason)
    {
        if (!_process.HasExited)
        {
            KillQuietly();
        }

        await WaitQuietlyAsync(_process.WaitForExitAsync(), ExitGrace).ConfigureAwait(false);
        await WaitQuietlyAsync(_stderrPump, DrainGrace).ConfigureAwait(false);
        var exit = _process.HasExited ? $"; exit code {_process.ExitCode}" : "";
        var failure = new MockHostFailedException($"mock host (pid {ProcessId}) {reason}{exit}", _stderr.ToString());
        _failure ??= failure;
        return failure;
    }

    /// <summary>Sends one command line and returns the answer's payload ("" for a bare <c>ok</c>).</summary>
    /// <exception cref="MockClusterCommandException">The host answered <c>error</c>.</exception>
    /// <exception cref="MockHostFailedException">The host is dead, hung or broke the protocol.</exception>
    public async Task<string> SendAsync(string command, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);

        // The exchange runs to its end even if the caller gives up, so the next command never reads this answer.
        return await ExchangeAsync(command).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _failure ??= new MockHostFailedException("mock cluster was disposed", "");
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Already gone, or a command is mid-write: the wait below returns at once or ends in a kill.
        }

        await WaitQuietlyAsync(_process.WaitForExitAsync(), ExitGrace).ConfigureAwait(false);
        if (!_process.HasExited)
        {
            KillQuietly();
            await WaitQuietlyAsync(_process.WaitForExitAsync(), ExitGrace).ConfigureAwait(false);
        }

        await WaitQuietlyAsync(Task.WhenAll(_stdoutPump, _stderrPump), DrainGrace).ConfigureAwait(false);

        // A command still in flight sees end of file now and finishes; only then is the process object freed,
        // and senders still queued at the gate get the disposed failure instead of waiting forever.
        if (await _gate.WaitAsync(ExitGrace).ConfigureAwait(false))
        {
            _process.Dispose();
            _gate.Release();
        }
    }

    private async Task<string> ExchangeAsync(string command)
    {
        try
        {
            if (_failure is { } failed)
            {
                throw new MockHostFailedException(failed.Reason, failed.StderrTail);
            }

            try
            {
                await _process.StandardInput.WriteLineAsync(command).ConfigureAwait(false);
                await _process.StandardInput.FlushAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                throw await FailAsync($"cannot take '{command}' ({e.Message})").ConfigureAwait(false);
            }

            string answer;
            using (var deadline = new CancellationTokenSource(_commandTimeout))
            {
                try
                {
                    answer = await _stdoutLines.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (ChannelClosedException)
                {
                    throw await FailAsync($"exited without answering '{command}'").ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    throw await FailAsync($"did not answer '{command}' within {_commandTimeout.TotalSeconds:0.#} s and was killed").ConfigureAwait(false);
                }
            }

            return answer switch
            {
                "ok" => "",
                _ when answer.StartsWith("ok ", StringComparison.Ordinal) => answer[3..],
                _ when answer.StartsWith("error ", StringComparison.Ordinal) => throw new MockClusterCommandException(command, answer[6..]),
                _ => throw await FailAsync($"answered '{command}' with '{answer}', which is not a control answer").ConfigureAwait(false),
            };
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _stdoutLines.Writer.TryWrite(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A broken pipe is the same news as end of file: the host is gone.
        }
        finally
        {
            _stdoutLines.Writer.TryComplete();
        }
    }

    private async Task PumpStderrAsync()
    {
        // Drained continuously: a full stderr pipe would block librdkafka's logger and hang the host.
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _stderr.Add(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _stderr.Add($"(stderr closed: {e.Message})");
        }
    }

    private void KillQuietly()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // It exited on its own in the meantime.
        }
    }

    private static async Task WaitQuietlyAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The caller checks the process state itself; a slow drain only shortens the stderr tail.
        }
    }
}
