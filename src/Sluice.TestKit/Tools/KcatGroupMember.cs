using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Sluice.TestKit.Tools;

/// <summary>
/// A librdkafka group member (<c>kcat -G</c>) running beside the code under test, so a group can mix clients.
/// It prints every record it consumes; <see cref="Consumed"/> collects them.
/// </summary>
public sealed class KcatGroupMember : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _stdout;
    private readonly Task _stderr;
    private readonly ConcurrentQueue<string> _log = new();

    private KcatGroupMember(Process process)
    {
        _process = process;
        _stdout = Task.Run(ReadRecordsAsync);
        _stderr = Task.Run(ReadLogAsync);
    }

    /// <summary>Records consumed so far: partition, offset and value text.</summary>
    public ConcurrentQueue<(int Partition, long Offset, string Value)> Consumed { get; } = new();

    /// <summary>What kcat logged (rebalances, errors).</summary>
    public IReadOnlyCollection<string> Log => _log;

    /// <summary>
    /// Starts a member of <paramref name="groupId"/> reading <paramref name="topic"/> from the beginning, with the
    /// given assignment strategy and librdkafka settings.
    /// </summary>
    public static KcatGroupMember Start(string bootstrapServers, string groupId, string topic, string assignmentStrategy, IReadOnlyDictionary<string, string>? settings = null)
    {
        var executable = Kcat.Executable ?? throw new InvalidOperationException("kcat is not installed: apt-get install kcat");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var args = new List<string>
        {
            "-u", "-b", bootstrapServers, "-G", groupId, "-o", "beginning", "-f", "%p %o %s\\n",
            "-X", $"partition.assignment.strategy={assignmentStrategy}", "-X", "enable.auto.commit=true", "-X", "auto.commit.interval.ms=200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            args.AddRange(["-X", $"{key}={value}"]);
        args.Add(topic);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        return new KcatGroupMember(Process.Start(start) ?? throw new InvalidOperationException("kcat did not start"));
    }

    /// <summary>Stops the member the way Ctrl-C does, so it commits and leaves the group, then waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            SendInterrupt();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await Task.WhenAll(_stdout, _stderr).ConfigureAwait(false);
        _process.Dispose();
    }

    private void SendInterrupt()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit(5000);
    }

    private async Task ReadRecordsAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            var parts = line.Split(' ', 3);
            if (parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var partition) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var offset))
                Consumed.Enqueue((partition, offset, parts[2]));
        }
    }

    private async Task ReadLogAsync()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            _log.Enqueue(line);
    }
}
