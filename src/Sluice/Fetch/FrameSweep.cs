using Sluice.Protocol.Records;

namespace Sluice.Fetch;

/// <summary>
/// Records stay in the response frame they were fetched in until they are taken, so partitions read slowly (the
/// lagging substreams of a partitioned source) would keep whole answers in memory, every other partition's bytes
/// included, for a few records each. When a new answer arrives, a frame older than the last few answers whose
/// buffered holders together need at most half of it is let go: each holder copies what it still needs into a
/// buffer of its own size.
/// </summary>
internal static class FrameSweep
{
    /// <summary>
    /// The recent answers per broker that are never swept: the one being read while the next arrives, and that next
    /// one. Their leftovers are about to be read anyway; copying them would cost memory (the copies) and save none
    /// (the frame goes back to the pool for the next answer).
    /// </summary>
    public const int KeptAnswers = 2;

    /// <summary>Lets go of the frames not in <paramref name="recent"/> that <paramref name="buffered"/> hold and little else needs.</summary>
    public static void LetGoOfOlderFrames(IEnumerable<RecordChunk> buffered, IReadOnlyCollection<long> recent)
    {
        foreach (var holders in buffered.Where(c => c.FrameId != 0 && !recent.Contains(c.FrameId)).GroupBy(c => c.FrameId).ToList())
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
