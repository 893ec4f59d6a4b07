using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sluice.IntegrationTests.Cli;

/// <summary>
/// The built <c>sluice</c> command running as a child process (<c>dotnet Sluice.Cli.dll …</c>), its output captured
/// line by line. Disposing it kills it if it is still running.
/// </summary>
public sealed class CliChildProcess : IAsyncDisposable
{
    private const int Sigint = 2;
    private const int Sigterm = 15;
    private readonly Process _process;

    private CliChildProcess(Process process)
    {
        _process = process;
    }

    /// <summary>What it printed on stdout.</summary>
    public CapturedOutput Out { get; } = new();

    /// <summary>What it printed on stderr.</summary>
    public CapturedOutput Err { get; } = new();

    /// <summary>Starts <c>sluice</c> with <paramref name="args"/>.</summary>
    public static CliChildProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);

        var process = new Process { StartInfo = start };
        var child = new CliChildProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                child.Out.AddLine(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                child.Err.AddLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Sends SIGINT, as Ctrl-C in a terminal does. A shell without job control starts background jobs with SIGINT
    /// ignored, and the child inherits that and could never see it; then SIGTERM is sent, which sluice handles the
    /// same way.
    /// </summary>
    public void Interrupt()
    {
        var signal = SigintIgnoredHere() ? Sigterm : Sigint;
        if (Kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // The SigIgn mask of /proc/self/status: bit n-1 set means signal n is ignored.
    private static bool SigintIgnoredHere()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (Sigint - 1))) != 0;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
