using Sluice.Protocol.Records;

namespace Sluice.Fetch;

/// <summary>
/// Records stay in the response frame they were fetched in until they are taken, so partitions read slowly (the
/// lagging substreams of a partitioned source) would keep whole answers in memory, every other partition's bytes
/// included, for a few records each. When a new answer arrives, a frame that has lingered and whose buffered
/// holders together need at most half of it is let go: each holder copies what it still needs into a buffer of its
/// own size.
/// </summary>
internal static class FrameSweep
{
    /// <summary>
    /// How long a frame is left alone. A reader keeping up drains an answer within milliseconds, even with buffers
    /// that span many answers (large records); copying its leftovers out then would cost memory (the copies) and
    /// time and free nothing, since the frame goes back to the pool for the next answer. A frame still held after a
    /// second is held by partitions the application is not reading.
    /// </summary>
    public const long LingerMs = 1_000;

    /// <summary>Lets go of the frames <paramref name="buffered"/> hold that have lingered and that little else needs.</summary>
    public static void LetGoOfLingeringFrames(IEnumerable<RecordChunk> buffered, long nowMs)
    {
        foreach (var holders in buffered.Where(c => c.Frame is { } f && nowMs - f.FilledAtMs >= LingerMs).GroupBy(c => c.Frame!).ToList())
        {
            var frame = holders.Key;
            var chunks = holders.ToList();
            // A holder outside the buffers (an answer still on its way to the reader) may need all of its part.
            if (frame.References != chunks.Count)
                continue;
            if (chunks.Sum(c => (long)c.RemainingBytes) * 2 > frame.Length)
                continue;
            foreach (var chunk in chunks)
                chunk.MoveOutOfFrame();
        }
    }
}
