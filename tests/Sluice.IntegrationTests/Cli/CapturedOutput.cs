using System.Text;

namespace Sluice.IntegrationTests.Cli;

/// <summary>A writer that keeps what a command printed as lines, safe to read while the command runs, and lets a test
/// await a condition on the lines instead of sleeping.</summary>
public sealed class CapturedOutput : TextWriter
{
    private readonly object _gate = new();
    private readonly StringBuilder _partial = new();
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>The complete lines so far, without line breaks.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
                return _lines.ToList();
        }
    }

    /// <summary>Everything printed, complete lines and the unfinished one.</summary>
    public string Text
    {
        get
        {
            lock (_gate)
                return string.Concat(_lines.Select(l => l + "\n")) + _partial;
        }
    }

    /// <inheritdoc />
    public override void Write(char value)
    {
        TaskCompletionSource? changed = null;
        lock (_gate)
        {
            if (value == '\n')
            {
                _lines.Add(_partial.ToString().TrimEnd('\r'));
                _partial.Clear();
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else
            {
                _partial.Append(value);
            }
        }

        changed?.TrySetResult();
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
            Write(c);
    }

    /// <summary>Adds a whole line (for output read from a child process).</summary>
    public void AddLine(string line) => Write(line + "\n");

    /// <summary>Waits until <paramref name="condition"/> holds for the lines, failing with what was printed after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(_lines))
                    return _lines.ToList();
                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; printed so far:\n{Text}");
        }
    }
}
