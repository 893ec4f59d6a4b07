using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sluice.Benchmarks.Consumers;

namespace Sluice.Benchmarks.Harness;

/// <summary>
/// One child process of the harness, optionally under <c>/usr/bin/time -f '%e %U %S %M'</c> so its user and system
/// CPU and peak RSS are known. Its stdout is read either as lines (each stamped with the wall clock when it
/// arrived) or, for kcat, as raw chunks whose arrival times and cumulative newline counts are kept.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const string TimeExecutable = "/usr/bin/time";
    private readonly Process _process;
    private readonly string? _timeFile;
    private readonly StringBuilder _stderr = new();
    private readonly Thread _reader;
    private readonly object _gate = new();
    private readonly List<(double Ms, string Line)> _lines = [];
    private readonly List<(double Ms, long Newlines)> _chunks = [];
    private readonly Action<double, string>? _onLine;

    private ChildProcess(Process process, string? timeFile, bool chunked, Action<double, string>? onLine, double launchMs, string commandLine)
    {
        _process = process;
        _timeFile = timeFile;
        _onLine = onLine;
        LaunchMs = launchMs;
        CommandLine = commandLine;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_stderr)
            {
                if (_stderr.Length < 64 * 1024)
                    _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _reader = new Thread(chunked ? ReadChunks : ReadLines) { IsBackground = true, Name = "child-stdout" };
        _reader.Start();
    }

    /// <summary>Epoch milliseconds just before the process was started.</summary>
    public double LaunchMs { get; }

    /// <summary>The command as run, for error messages.</summary>
    public string CommandLine { get; }

    /// <summary>Process id of the direct child (<c>/usr/bin/time</c> when measured).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts <paramref name="file"/>; <paramref name="measure"/> wraps it in <c>/usr/bin/time</c>.</summary>
    public static ChildProcess Start(
        string file,
        IEnumerable<string> arguments,
        bool measure,
        bool chunkedStdout = false,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<double, string>? onLine = null,
        bool redirectStdin = false)
    {
        var args = arguments.ToList();
        string? timeFile = null;
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (measure)
        {
            timeFile = Path.Combine(Path.GetTempPath(), $"sluice-bench-time-{Guid.NewGuid():N}.txt");
            start.FileName = TimeExecutable;
            foreach (var a in new[] { "-f", "%e %U %S %M", "-o", timeFile, file })
                start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = file;
        }

        foreach (var a in args)
            start.ArgumentList.Add(a);
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
                start.Environment[key] = value;
        }

        var commandLine = string.Join(' ', new[] { file }.Concat(args).Select(Quote));
        var launch = Clock.NowMs();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {commandLine}");
        return new ChildProcess(process, timeFile, chunkedStdout, onLine, launch, commandLine);
    }

    /// <summary>The lines read so far, each with its arrival time.</summary>
    public IReadOnlyList<(double Ms, string Line)> Lines
    {
        get
        {
            lock (_gate)
                return _lines.ToArray();
        }
    }

    /// <summary>For chunked stdout: each read's arrival time and the newlines seen up to and including it.</summary>
    public IReadOnlyList<(double Ms, long Newlines)> Chunks
    {
        get
        {
            lock (_gate)
                return _chunks.ToArray();
        }
    }

    public string StderrTail
    {
        get
        {
            lock (_stderr)
            {
                var text = _stderr.ToString();
                return text.Length > 2000 ? "…" + text[^2000..] : text;
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Writes one line to the child's stdin.</summary>
    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the exit, then returns the exit code, exit time and <c>/usr/bin/time</c>'s figures.</summary>
    public async Task<ChildExit> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        var exitMs = Clock.NowMs();
        _reader.Join(TimeSpan.FromSeconds(10));
        var resources = ReadTimeFile();
        return new ChildExit(_process.ExitCode, exitMs, resources, cts.IsCancellationRequested);
    }

    /// <summary>Kills the process and its children (the measured program under <c>/usr/bin/time</c>).</summary>
    public void KillTree()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            KillTree();
        _process.Dispose();
        if (_timeFile is not null)
            File.Delete(_timeFile);
    }

    private ResourceUse? ReadTimeFile()
    {
        if (_timeFile is null || !File.Exists(_timeFile))
            return null;

        // GNU time prints "Command exited with non-zero status N" before the format line when the command failed.
        var line = File.ReadAllLines(_timeFile).LastOrDefault(l => l.Length > 0 && char.IsDigit(l[0]));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 4 })
            return null;
        return new ResourceUse(
            double.Parse(parts[0], CultureInfo.InvariantCulture),
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture),
            long.Parse(parts[3], CultureInfo.InvariantCulture));
    }

    private void ReadLines()
    {
        var reader = _process.StandardOutput;
        while (reader.ReadLine() is { } line)
        {
            var now = Clock.NowMs();
            lock (_gate)
                _lines.Add((now, line));
            _onLine?.Invoke(now, line);
        }
    }

    private void ReadChunks()
    {
        var stream = _process.StandardOutput.BaseStream;
        var buffer = new byte[1 << 16];
        long newlines = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var now = Clock.NowMs();
            newlines += buffer.AsSpan(0, read).Count((byte)'\n');
            lock (_gate)
                _chunks.Add((now, newlines));
        }
    }

    /// <summary><paramref name="arg"/> as one shell word: as it is when that is safe, else single-quoted.</summary>
    public static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_.,:/=@+".Contains(c)) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>What <c>/usr/bin/time</c> reported: elapsed, user and system seconds, peak RSS in KiB.</summary>
internal sealed record ResourceUse(double ElapsedS, double UserS, double SysS, long MaxRssKiB)
{
    public double CpuS => UserS + SysS;
}

/// <summary>How a child ended.</summary>
internal sealed record ChildExit(int ExitCode, double ExitMs, ResourceUse? Resources, bool TimedOut);
