using Sluice.Protocol.Records;

namespace Sluice.Fetch;

/// <summary>
/// Records stay in the response frame they were fetched in until they are taken, so partitions read slowly (the
/// lagging substreams of a partitioned source) would keep whole answers in memory, every other partition's bytes
/// included, for a few records each. When a new answer arrives, an older frame whose buffered holders together
/// need at most half of it is let go: each holder copies what it still needs into a buffer of its own size.
/// </summary>
internal static class FrameSweep
{
    /// <summary>Lets go of the frames other than <paramref name="newest"/> that <paramref name="buffered"/> hold and little else needs.</summary>
    public static void LetGoOfOlderFrames(IEnumerable<RecordChunk> buffered, long newest)
    {
        foreach (var holders in buffered.Where(c => c.FrameId != 0 && c.FrameId != newest).GroupBy(c => c.FrameId).ToList())
        {
            var chunks = holders.ToList();
            // A holder outside the buffers (an answer still on its way to the reader) may need all of its part.
            if (chunks[0].FrameReferences != chunks.Count)
                continue;
            if (chunks.Sum(c => (long)c.RemainingBytes) * 2 > chunks[0].FrameLength)
                continue;
            foreach (var chunk in chunks)
                chunk.MoveOutOfFrame();
        }
    }
}
