namespace Sluice.TestKit.Mock;

/// <summary>The last lines a child process wrote to stderr, kept so a failure can say why the child died.</summary>
internal sealed class StderrTail(int capacity)
{
    private const int MaxLineLength = 1000;

    private readonly Queue<string> _lines = new();

    public void Add(string line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line.Length > MaxLineLength ? line[..MaxLineLength] + "…" : line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join(Environment.NewLine, _lines);
        }
    }
}
