using System.Diagnostics;
using System.Globalization;

namespace Sluice.Cli.Demo;

/// <summary>
/// The demo's terminal output: event lines that stay, and a live block (one line per member) that is redrawn in
/// place on a terminal, or printed as plain periodic lines when the output is a file or pipe (CI).
/// </summary>
internal sealed class DemoView(TextWriter output, bool isTerminal, Stopwatch clock)
{
    private readonly object _gate = new();
    private IReadOnlyList<string> _lastLive = [];
    private int _liveLines;

    /// <summary>Whether the live block is redrawn in place.</summary>
    public bool IsTerminal => isTerminal;

    /// <summary>How often the live block is worth refreshing.</summary>
    public TimeSpan RefreshInterval => isTerminal ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    /// <summary>A line that stays, stamped with the time since the demo began.</summary>
    public void Event(string text)
    {
        lock (_gate)
        {
            var live = ClearLive();
            output.WriteLine($"{Stamp()} {text}");
            Redraw(live);
            output.Flush();
        }
    }

    /// <summary>The live block: redrawn in place on a terminal, else printed once more.</summary>
    public void Live(IReadOnlyList<string> lines)
    {
        lock (_gate)
        {
            if (isTerminal)
            {
                ClearLive();
                Redraw(lines);
            }
            else
            {
                var stamp = Stamp();
                foreach (var line in lines)
                    output.WriteLine($"{stamp}   {line}");
            }

            output.Flush();
        }
    }

    /// <summary>Text after the live block, which is left as last drawn and not redrawn again.</summary>
    public void Text(string text)
    {
        lock (_gate)
        {
            _liveLines = 0;
            _lastLive = [];
            output.Write(text);
            output.Flush();
        }
    }

    private IReadOnlyList<string> ClearLive()
    {
        if (isTerminal && _liveLines > 0)
            output.Write($"\r\u001b[{_liveLines}A\u001b[J");
        _liveLines = 0;
        return _lastLive;
    }

    private void Redraw(IReadOnlyList<string> lines)
    {
        _lastLive = lines;
        if (!isTerminal)
            return;
        foreach (var line in lines)
            output.WriteLine("  " + line);
        _liveLines = lines.Count;
    }

    private string Stamp()
    {
        var elapsed = clock.Elapsed;
        return string.Create(CultureInfo.InvariantCulture, $"[{(int)elapsed.TotalMinutes:00}:{elapsed.Seconds:00}.{elapsed.Milliseconds / 100}]");
    }
}
