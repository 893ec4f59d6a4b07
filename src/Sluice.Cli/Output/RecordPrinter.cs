using Sluice.Protocol.Records;

namespace Sluice.Cli.Output;

/// <summary>
/// Writes records to the output, one line each, and flushes after every batch so that what it reports as written
/// really left the process: only those records may then be committed. Stops at a maximum count, and when the output
/// is closed (a reader such as <c>head</c> went away).
/// </summary>
internal sealed class RecordPrinter
{
    private readonly TextWriter _out;
    private readonly Func<ConsumedRecord, string> _format;
    private readonly long _max;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _printed;
    private long _lastActivity = Environment.TickCount64;

    public RecordPrinter(TextWriter output, RecordFormat format, long? max)
    {
        _out = output;
        _format = format == RecordFormat.Text ? RecordText.Format : RecordJson.Format;
        _max = max ?? long.MaxValue;
        if (_max == 0)
            _finished.TrySetResult();
    }

    /// <summary>Records written so far.</summary>
    public long Printed => Interlocked.Read(ref _printed);

    /// <summary>True once the output was found closed.</summary>
    public bool OutputClosed { get; private set; }

    /// <summary>Completes when the maximum was reached or the output closed.</summary>
    public Task Finished => _finished.Task;

    /// <summary>Milliseconds (<see cref="Environment.TickCount64"/>) of the last record written, or of the last <see cref="Touch"/>.</summary>
    public long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>Counts as activity for the idle timeout (the member joined).</summary>
    public void Touch() => Interlocked.Exchange(ref _lastActivity, Environment.TickCount64);

    /// <summary>Writes as many of <paramref name="batch"/> as the maximum allows, flushes, and returns the indexes of
    /// those written (a prefix of the batch).</summary>
    public int Write<T>(IReadOnlyList<T> batch, Func<T, ConsumedRecord> record)
    {
        if (_finished.Task.IsCompleted || batch.Count == 0)
            return 0;
        var room = (int)Math.Min(batch.Count, _max - _printed);
        try
        {
            for (var i = 0; i < room; i++)
                _out.WriteLine(_format(record(batch[i])));
            _out.Flush();
        }
        catch (IOException)
        {
            OutputClosed = true;
            _finished.TrySetResult();
            return 0;
        }

        Interlocked.Add(ref _printed, room);
        Touch();
        if (_printed >= _max)
            _finished.TrySetResult();
        return room;
    }
}
