using System.Buffers;
using Sluice.Fetch;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;
using Sluice.Tests.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Fetch;

public sealed class RecordBufferTests
{
    public static TheoryData<byte, CompressionCodec> Formats() => RecordSetRoundTripTests.LegalFormats();

    private static byte[] Entries(byte magic, CompressionCodec codec, long baseOffset, int entries, int perEntry) =>
        RecordSets.Entries(magic, codec, baseOffset, Enumerable.Repeat(perEntry, entries).ToArray());

    // A chunk the way the fetcher makes one: the answer's records live in a pooled frame.
    private static RecordChunk Chunk(byte[] bytes, long fetchOffset, CountingPool pool, RecordDecodeOptions? options = null, long stopOffset = long.MaxValue, int holders = 1)
    {
        var array = pool.Rent(bytes.Length);
        bytes.CopyTo(array, 0);
        var frame = new FrameBuffer(pool, array, bytes.Length);
        for (var i = 1; i < holders; i++)
            frame.Retain();
        var answer = RecordSets.AnswerInFrame(frame, 0, bytes.Length);
        var scan = RecordSetScanner.Scan(bytes, fetchOffset, stopOffset);
        return new RecordChunk(answer, scan.CompleteLength, RecordSets.Topic, RecordSets.Partition, fetchOffset, scan.NextOffset, stopOffset, options ?? RecordDecodeOptions.Default);
    }

    private static List<ConsumedRecord> Drain(RecordBuffer buffer)
    {
        var taken = new List<ConsumedRecord>();
        while (buffer.TryDequeue(out var record))
            taken.Add(record);
        return taken;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Records_decoded_as_they_are_taken_are_the_records_decoded_at_once(byte magic, CompressionCodec codec)
    {
        var bytes = Entries(magic, codec, 100, entries: 60, perEntry: 7);
        var expected = RecordSets.Decode(bytes, fetchOffset: 103);
        var pool = new CountingPool();
        var buffer = new RecordBuffer();

        buffer.Add(Chunk(bytes, 103, pool));
        Assert.Equal(expected.Count, buffer.Count);
        var taken = Drain(buffer);

        Assert.Equal(Described(expected), Described(taken));
        Assert.True(buffer.IsEmpty);
        Assert.Equal(1, pool.Returned);
    }

    [Fact]
    public void A_corrupt_batch_fails_the_partition_after_the_records_before_it_and_drops_what_follows()
    {
        var first = Entries(2, CompressionCodec.None, 0, entries: 1, perEntry: 5);
        var corrupt = Entries(2, CompressionCodec.None, 5, entries: 1, perEntry: 5);
        corrupt[^1] ^= 0xFF;
        var last = Entries(2, CompressionCodec.None, 10, entries: 1, perEntry: 5);
        var pool = new CountingPool();
        var buffer = new RecordBuffer();
        buffer.Add(Chunk(RecordSets.Concat(first, corrupt), 0, pool));
        buffer.Add(Chunk(last, 10, pool));

        var taken = Drain(buffer);

        Assert.Equal([0, 1, 2, 3, 4], taken.Offsets());
        var failure = buffer.TakeFailure();
        Assert.NotNull(failure);
        Assert.Equal(5, failure.BaseOffset);
        Assert.Null(buffer.TakeFailure());
        Assert.True(buffer.IsEmpty);
        Assert.Equal(2, pool.Returned);
    }

    [Fact]
    public void With_skipping_a_corrupt_batch_is_reported_and_the_records_after_it_are_delivered()
    {
        var first = Entries(2, CompressionCodec.None, 0, entries: 1, perEntry: 3);
        var corrupt = Entries(2, CompressionCodec.None, 3, entries: 1, perEntry: 3);
        corrupt[^1] ^= 0xFF;
        var last = Entries(2, CompressionCodec.None, 6, entries: 1, perEntry: 3);
        var buffer = new RecordBuffer();
        buffer.Add(Chunk(RecordSets.Concat(first, corrupt, last), 0, new CountingPool(), RecordDecodeOptions.Default.WithSkipCorruptBatches(true)));

        var taken = Drain(buffer);

        Assert.Equal([0, 1, 2, 6, 7, 8], taken.Offsets());
        Assert.Equal(3, Assert.Single(buffer.Skipped).BaseOffset);
        Assert.Null(buffer.TakeFailure());
    }

    [Fact]
    public void Nothing_at_or_past_the_stop_offset_is_delivered()
    {
        var bytes = Entries(2, CompressionCodec.None, 0, entries: 4, perEntry: 5);
        var pool = new CountingPool();
        var buffer = new RecordBuffer();

        buffer.Add(Chunk(bytes, 0, pool, stopOffset: 12));

        Assert.Equal(12, buffer.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), Drain(buffer).Offsets());
        Assert.Equal(1, pool.Returned);
    }

    [Fact]
    public void The_buffered_bytes_are_those_of_the_chunks_not_decoded_yet()
    {
        var pool = new CountingPool();
        var buffer = new RecordBuffer();
        var first = Entries(1, CompressionCodec.None, 0, entries: 600, perEntry: 1);
        var second = Entries(1, CompressionCodec.None, 600, entries: 10, perEntry: 1);
        buffer.Add(Chunk(first, 0, pool));
        buffer.Add(Chunk(second, 600, pool));
        Assert.Equal(first.Length + second.Length, buffer.Bytes);

        // One record taken decodes a step of the first chunk: those bytes are no longer the fetched bytes held.
        Assert.True(buffer.TryDequeue(out _));
        Assert.InRange(buffer.Bytes, second.Length + 1, first.Length + second.Length - 1);

        Drain(buffer);
        Assert.Equal(0, buffer.Bytes);
    }

    [Fact]
    public void Clearing_drops_the_records_and_gives_the_bytes_back()
    {
        var pool = new CountingPool();
        var buffer = new RecordBuffer();
        buffer.Add(Chunk(Entries(1, CompressionCodec.None, 0, entries: 400, perEntry: 1), 0, pool));
        buffer.Add(Chunk(Entries(1, CompressionCodec.None, 400, entries: 10, perEntry: 1), 400, pool));
        Assert.True(buffer.TryDequeue(out _));

        buffer.Clear();

        Assert.True(buffer.IsEmpty);
        Assert.Equal(0, buffer.Count);
        Assert.False(buffer.TryDequeue(out _));
        Assert.Equal(2, pool.Returned);
    }

    [Fact]
    public void A_slowly_read_chunk_that_alone_holds_its_frame_moves_its_leftover_out_and_the_frame_goes_back()
    {
        var bytes = Entries(1, CompressionCodec.None, 0, entries: 1_000, perEntry: 1);
        var expected = RecordSets.Decode(bytes);
        var pool = new CountingPool();
        var buffer = new RecordBuffer();
        buffer.Add(Chunk(bytes, 0, pool));
        var taken = new List<ConsumedRecord>();
        for (var i = 0; i < 700 && buffer.TryDequeue(out var record); i++)
            taken.Add(record);

        FrameSweep.LetGoOfLingeringFrames(buffer.Chunks, Later);

        Assert.Equal(1, pool.Returned);
        taken.AddRange(Drain(buffer));
        Assert.Equal(Described(expected), Described(taken));
    }

    [Fact]
    public void Slow_partitions_that_share_a_frame_let_it_go_together_when_together_they_need_at_most_half_of_it()
    {
        var first = Entries(1, CompressionCodec.None, 0, entries: 1_000, perEntry: 1);
        var second = Entries(1, CompressionCodec.None, 0, entries: 1_000, perEntry: 1);
        var pool = new CountingPool();
        var (a, b) = SharedFrame(first, second, pool);
        var (bufferA, bufferB) = (new RecordBuffer(), new RecordBuffer());
        bufferA.Add(a);
        bufferB.Add(b);
        // Records are decoded 256 at a time: 700 taken leaves a quarter of each part undecoded, in the frame.
        var takenA = Take(bufferA, 700);
        var takenB = Take(bufferB, 700);

        FrameSweep.LetGoOfLingeringFrames(bufferA.Chunks.Concat(bufferB.Chunks), Later);

        Assert.Equal(1, pool.Returned);
        Assert.Equal(Described(RecordSets.Decode(first)), Described([.. takenA, .. Drain(bufferA)]));
        Assert.Equal(Described(RecordSets.Decode(second)), Described([.. takenB, .. Drain(bufferB)]));
    }

    // The frame pool lends arrays longer than the frame: half is half of the frame, not of the array.
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    public void A_shared_frame_is_kept_while_its_holders_together_need_more_than_half_of_it(int spareFrames)
    {
        var pool = new CountingPool();
        var first = Entries(1, CompressionCodec.None, 0, entries: 1_000, perEntry: 1);
        var second = Entries(1, CompressionCodec.None, 0, entries: 1_000, perEntry: 1);
        var (a, b) = SharedFrame(first, second, pool, spare: spareFrames * (first.Length + second.Length));
        var (bufferA, bufferB) = (new RecordBuffer(), new RecordBuffer());
        bufferA.Add(a);
        bufferB.Add(b);
        Take(bufferA, 300);

        FrameSweep.LetGoOfLingeringFrames(bufferA.Chunks.Concat(bufferB.Chunks), Later);

        Assert.Equal(0, pool.Returned);
        Assert.Equal(2, a.Frame?.References);
    }

    [Fact]
    public void A_frame_is_kept_while_a_holder_outside_the_buffers_has_it()
    {
        var pool = new CountingPool();
        var onItsWay = Chunk(Entries(1, CompressionCodec.None, 0, entries: 1_000, perEntry: 1), 0, pool, holders: 2);
        var buffer = new RecordBuffer();
        buffer.Add(onItsWay);
        Take(buffer, 700);

        FrameSweep.LetGoOfLingeringFrames(buffer.Chunks, Later);

        Assert.Equal(2, onItsWay.Frame?.References);
    }

    [Fact]
    public void A_frame_that_has_not_lingered_is_kept_however_little_of_it_is_left()
    {
        var pool = new CountingPool();
        var recent = Chunk(Entries(1, CompressionCodec.None, 0, entries: 1_000, perEntry: 1), 0, pool);
        var buffer = new RecordBuffer();
        buffer.Add(recent);
        Take(buffer, 700);

        FrameSweep.LetGoOfLingeringFrames(buffer.Chunks, recent.Frame!.FilledAtMs + FrameSweep.LingerMs - 1);

        Assert.Equal(1, recent.Frame?.References);
        Assert.Equal(0, pool.Returned);
    }

    // A moment after every frame of a test was filled, by more than FrameSweep.LingerMs.
    private static long Later => Environment.TickCount64 + FrameSweep.LingerMs;

    private static List<ConsumedRecord> Take(RecordBuffer buffer, int count)
    {
        var taken = new List<ConsumedRecord>();
        for (var i = 0; i < count && buffer.TryDequeue(out var record); i++)
            taken.Add(record);
        return taken;
    }

    private static IEnumerable<(long Offset, string Value)> Described(IEnumerable<ConsumedRecord> records) =>
        records.Select(r => (r.Offset, Convert.ToHexString(r.Value!))).ToList();

    // Two partitions' records in one response frame, as one Fetch answer carries them.
    private static (RecordChunk A, RecordChunk B) SharedFrame(byte[] first, byte[] second, CountingPool pool, int spare = 0)
    {
        var array = pool.Rent(first.Length + second.Length + spare);
        first.CopyTo(array, 0);
        second.CopyTo(array, first.Length);
        var frame = new FrameBuffer(pool, array, first.Length + second.Length);
        frame.Retain();
        RecordChunk Part(int start, byte[] bytes)
        {
            var answer = RecordSets.AnswerInFrame(frame, start, bytes.Length);
            var scan = RecordSetScanner.Scan(bytes, 0, long.MaxValue);
            return new RecordChunk(answer, scan.CompleteLength, RecordSets.Topic, RecordSets.Partition, 0, scan.NextOffset, long.MaxValue, RecordDecodeOptions.Default);
        }

        return (Part(0, first), Part(first.Length, second));
    }

    [Fact]
    public void A_frame_goes_back_to_its_pool_only_when_the_last_holder_lets_go()
    {
        var pool = new CountingPool();
        var frame = new FrameBuffer(pool, pool.Rent(16), 16);
        frame.Retain();
        frame.Retain();

        frame.Release();
        frame.Release();
        Assert.Equal(0, pool.Returned);
        frame.Release();

        Assert.Equal(1, pool.Returned);
    }

    private sealed class CountingPool : ArrayPool<byte>
    {
        public int Returned { get; private set; }

        public override byte[] Rent(int minimumLength) => new byte[minimumLength];

        public override void Return(byte[] array, bool clearArray = false)
        {
            // A returned array may be handed out again at once: poison it, so a chunk that reads it after giving it
            // back fails the comparison.
            Array.Fill(array, (byte)0xEE);
            Returned++;
        }
    }
}
