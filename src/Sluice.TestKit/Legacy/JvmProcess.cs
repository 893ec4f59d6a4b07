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

    private const string FatalMarker = "] FATAL ";

    private readonly Process _shell;
    private long _scannedLogBytes;
    private bool _loggedFatal;

    private JvmProcess(string name, Process shell, string logFile, string consoleFile)
    {
        Name = name;
        _shell = shell;
        LogFile = logFile;
        ConsoleFile = consoleFile;
    }

    public string Name { get; }

    /// <summary>The log4j file the JVM writes.</summary>
    public string LogFile { get; }

    /// <summary>The JVM's stdout and stderr: crashes before log4j is up land here.</summary>
    public string ConsoleFile { get; }

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
        try
        {
            shell.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            shell.Dispose();
            throw new TestClusterUnavailableException(TestBrokerBackend.LegacyKafka, $"/bin/sh cannot be started: {e.Message}", e);
        }

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

        // The watchdog prints the JVM's pid once it has forked it; nothing means the shell could not get that far.
        if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            KillTree(shell);
            shell.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw new TestClusterUnavailableException(
                TestBrokerBackend.LegacyKafka, $"/bin/sh did not launch {name}; see {consoleFile}");
        }

        return new JvmProcess(name, shell, JvmArguments.LogPath(runDirectory, name), consoleFile);
    }

    /// <summary>The JVM's exit code once it has exited.</summary>
    public int? ExitCode => _shell.HasExited ? _shell.ExitCode : null;

    /// <summary>
    /// Why the JVM is of no further use, or null while it may still come up. A 0.9 broker that fails to bind its
    /// port logs FATAL and then hangs in its own shutdown, so waiting for the exit alone would wait out the deadline.
    /// </summary>
    public string? Failure()
    {
        if (ExitCode is { } code)
        {
            return $"exited with code {code}";
        }

        return LoggedFatal() ? "logged a FATAL error" : null;
    }

    /// <summary>The log's path and last lines, then the console's if it has any, for a failure message.</summary>
    public string DescribeTail(int lines = 25)
    {
        var text = $"{LogFile}:\n{LogTail.From(LogFile, FatalMarker, lines)}";
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

    private bool LoggedFatal()
    {
        if (_loggedFatal)
        {
            return true;
        }

        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(_scannedLogBytes, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                _loggedFatal |= line.Contains(FatalMarker, StringComparison.Ordinal);
            }

            // A line still being written is read again whole next time.
            _scannedLogBytes = Math.Max(_scannedLogBytes, stream.Length - 4096);
        }
        catch (FileNotFoundException)
        {
            // log4j has not opened it yet.
        }

        return _loggedFatal;
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
