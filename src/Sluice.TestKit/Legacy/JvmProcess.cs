using System.Diagnostics;
using System.Globalization;

namespace Sluice.TestKit.Legacy;

/// <summary>
/// A long-running JVM (ZooKeeper or a broker) started under a <c>/bin/sh</c> watchdog. The watchdog holds the
/// read end of a pipe whose only writer is this test process: when the test process exits, crashes or is killed,
/// the pipe closes and the watchdog stops the JVM. Stopping on purpose closes the same pipe.
/// </summary>
internal sealed class JvmProcess
{
    // $1 is the console file, the rest is the java command line. The JVM gets /dev/null as stdin so only the
    // watchdog holds the pipe; fd 3 passes the pipe to the watchdog because a background job's stdin is /dev/null.
    // On EOF the watchdog sends SIGTERM, waits up to 10 s, then SIGKILL. The shell itself exits with the JVM.
    private const string WatchdogScript =
        """
        out=$1; shift
        "$@" </dev/null >>"$out" 2>&1 &
        p=$!
        echo "$p"
        exec 3<&0
        { cat >/dev/null; kill -TERM "$p" 2>/dev/null; i=0; while kill -0 "$p" 2>/dev/null && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i+1)); done; kill -KILL "$p" 2>/dev/null; } <&3 3<&- >/dev/null 2>&1 &
        exec 3<&-
        wait "$p"
        """;

    private readonly Process _shell;

    private JvmProcess(string name, Process shell, int javaProcessId, string logFile, string consoleFile)
    {
        Name = name;
        _shell = shell;
        JavaProcessId = javaProcessId;
        LogFile = logFile;
        ConsoleFile = consoleFile;
    }

    public string Name { get; }

    public int JavaProcessId { get; }

    /// <summary>The log4j file the JVM writes.</summary>
    public string LogFile { get; }

    /// <summary>The JVM's stdout and stderr: crashes before log4j is up land here.</summary>
    public string ConsoleFile { get; }

    public bool HasExited => _shell.HasExited;

    public static async Task<JvmProcess> StartAsync(
        string name,
        string javaExecutable,
        string runDirectory,
        int heapMegabytes,
        string classPath,
        string mainClass,
        IEnumerable<string> mainArguments,
        CancellationToken cancellationToken)
    {
        var consoleFile = Path.Combine(runDirectory, $"{name}.out");
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(WatchdogScript);
        startInfo.ArgumentList.Add($"sluice-{name}");
        startInfo.ArgumentList.Add(consoleFile);
        startInfo.ArgumentList.Add(javaExecutable);
        foreach (var argument in JvmArguments.For(runDirectory, name, heapMegabytes, classPath, mainClass, mainArguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var shell = new Process { StartInfo = startInfo };
        shell.Start();
        shell.ErrorDataReceived += static (_, _) => { };
        shell.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        string? line;
        try
        {
            line = await shell.StandardOutput.ReadLineAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var javaProcessId))
        {
            KillTree(shell);
            shell.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw new TestClusterUnavailableException(
                TestBrokerBackend.LegacyKafka, $"/bin/sh did not launch {name}; see {consoleFile}");
        }

        return new JvmProcess(name, shell, javaProcessId, JvmArguments.LogPath(runDirectory, name), consoleFile);
    }

    /// <summary>The JVM's exit code once it has exited.</summary>
    public int? ExitCode => _shell.HasExited ? _shell.ExitCode : null;

    /// <summary>The log's path and last lines, then the console's if it has any, for a failure message.</summary>
    public string DescribeTail(int lines = 25)
    {
        var text = $"{LogFile}:\n{LogTail.Of(LogFile, lines)}";
        var console = LogTail.Of(ConsoleFile, 10);
        return console.Length == 0 ? text : $"{text}\n{ConsoleFile}:\n{console}";
    }

    /// <summary>Closes the watchdog's pipe (SIGTERM to the JVM), waits up to <paramref name="grace"/>, then kills both.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        try
        {
            _shell.StandardInput.Close();
        }
        catch (IOException)
        {
            // The watchdog is gone already; the wait below settles it.
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _shell.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(_shell);
        }

        _shell.Dispose();
    }

    private static void KillTree(Process shell)
    {
        try
        {
            shell.Kill(entireProcessTree: true);
            shell.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
