using Sluice.Protocol;

namespace Sluice.Network;

/// <summary>
/// The pools every connection of the process reads its answers into, and when they let go of what they keep. They
/// keep what reading needs next and let go of what was idle for a while (<see cref="Trim"/>, every 10 s for
/// <see cref="Shared"/>). When the last open connection closes, nothing can be read into them until one opens again,
/// so they let go of everything at once (<see cref="Closed"/>): a consumer that stopped gives the megabytes its
/// fetches used back to the system then, not half a minute later.
/// </summary>
internal sealed class ReadBuffers
{
    private int _open;

    /// <summary>Pools over the given ones.</summary>
    public ReadBuffers(FramePool frames, SegmentPool segments)
    {
        Frames = frames;
        Segments = segments;
    }

    // Frames: answers that arrive in pieces of the pipe are assembled in one array to be parsed, and the records
    // decoded from it keep it until the application has taken them; no more kept than were once in use together, up
    // to 8. Segments: large answers (every sizeable Fetch answer; megabytes) are read into 128 KiB segments instead,
    // each given back as soon as its records are taken (SegmentedFrame says why): large enough that an entry rarely
    // crosses a boundary (such an entry is copied), small enough that a partition's records free their segments well
    // before the whole answer is taken. Both let go of what was unused for half a minute.
    /// <summary>The pools of every <see cref="BrokerConnection"/>.</summary>
    public static ReadBuffers Shared { get; } = new(
        new FramePool(keep: 8, idle: TimeSpan.FromSeconds(30)),
        new SegmentPool(segmentSize: 128 * 1024, idle: TimeSpan.FromSeconds(30)));

    // After Shared, which it trims: static fields are set in the order they are written.
    private static readonly Timer SharedTrim = new(_ => Shared.Trim(Environment.TickCount64), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));

    /// <summary>The pool of the arrays answers are assembled in when they arrive in pieces of the pipe.</summary>
    public FramePool Frames { get; }

    /// <summary>The pool of the segments large answers are read into.</summary>
    public SegmentPool Segments { get; }

    /// <summary>A connection opened: something may read into the pools.</summary>
    public void Opened() => Interlocked.Increment(ref _open);

    /// <summary>A connection closed; after the last one, both pools let go of everything they keep or get back.</summary>
    public void Closed()
    {
        if (Interlocked.Decrement(ref _open) != 0)
            return;
        Frames.LetGoOfAll();
        Segments.LetGoOfAll();
    }

    /// <summary>Lets both pools go of what has been idle for their idle time at <paramref name="nowMs"/>.</summary>
    public void Trim(long nowMs)
    {
        Frames.Trim(nowMs);
        Segments.Trim(nowMs);
    }
}
