using System.Buffers;
using Sluice.Protocol;
using Sluice.Protocol.Compression;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;
using Sluice.Tests.Protocol.Messages;
using Sluice.Tests.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol;

public sealed class SegmentedFrameTests
{
    private static SegmentedFrame Segmented(SegmentPool pool, byte[] bytes)
    {
        var frame = new SegmentedFrame(pool, bytes.Length);
        frame.Fill(new ReadOnlySequence<byte>(bytes));
        return frame;
    }

    // Overwrites every segment the pool lends next, so bytes read after their segment went back show up as garbage.
    private static void Scribble(SegmentPool pool, int segments)
    {
        var frame = new SegmentedFrame(pool, segments * pool.SegmentSize);
        for (var i = 0; i < segments; i++)
            frame.Segment(i).Span.Fill(0xEE);
        frame.Release();
    }

    private static void AssertSameRecords(List<ConsumedRecord> expected, List<ConsumedRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Offset, actual[i].Offset);
            Assert.Equal(expected[i].Key, actual[i].Key);
            Assert.Equal(expected[i].Value, actual[i].Value);
            Assert.Equal(expected[i].Timestamp, actual[i].Timestamp);
        }
    }

    // Legacy messages, wrappers of compressed ones and batches v2 (one of them larger than a small segment).
    private static byte[] MixedEntries() => RecordSets.Concat(
        RecordSets.Entries(1, CompressionCodec.None, 0, 1, 1, 1, 1, 1, 1, 1, 1),
        RecordSets.Entries(1, CompressionCodec.Gzip, 8, 5, 3),
        RecordSets.Entries(2, CompressionCodec.None, 16, 4, 40, 2),
        RecordSets.Entries(2, CompressionCodec.Snappy, 62, 6),
        RecordSets.Entries(0, CompressionCodec.None, 68, 1, 1, 1));

    [Fact]
    public void Every_fetch_response_version_reads_the_same_from_segments_of_any_size_as_from_one_buffer()
    {
        foreach (var version in new short[] { 0, 1, 4, 5, 7, 11, 12, 13, 16 })
        {
            var bytes = FetchResponseTests.Build(version, unknownTags: version >= 12);
            var whole = new KafkaReader(bytes);
            var expected = FetchResponseTests.Describe(FetchResponseTests.Request.ReadResponse(ref whole, version));
            foreach (var size in Enumerable.Range(1, 48).Append(bytes.Length - 1).Append(bytes.Length))
            {
                var pool = new SegmentPool(size, TimeSpan.FromSeconds(30));
                var frame = Segmented(pool, bytes);
                var reader = new KafkaReader(frame);
                var response = FetchResponseTests.Request.ReadResponse(ref reader, version);

                Assert.Equal(0, reader.Remaining);
                Assert.Equal(expected, FetchResponseTests.Describe(response));
                frame.Release();
                foreach (var partition in response.Topics.SelectMany(t => t.Partitions))
                    partition.ReleaseRecords();
                Assert.Equal(0, pool.Lent);
            }
        }
    }

    [Fact]
    public void Records_split_at_segment_boundaries_scan_and_decode_as_they_do_in_one_buffer()
    {
        var records = MixedEntries();
        var expected = RecordSets.Decode(records);
        var expectedScan = RecordSetScanner.Scan(records, 0);
        foreach (var size in new[] { 64, 100, 129, 256, 333, 512, 1000, 4096, records.Length + 7 })
        {
            foreach (var start in new[] { 0, 5, size - 1 })
            {
                var pool = new SegmentPool(size, TimeSpan.FromSeconds(30));
                var padded = new byte[start + records.Length + 3];
                records.CopyTo(padded, start);
                var frame = Segmented(pool, padded);
                var answer = RecordSets.Answer(SegmentedRecords.Split(frame, start, records.Length));
                frame.Release();

                Assert.All(answer.Pieces, piece => Assert.Equal(piece.Bytes.Length, RecordSetScanner.Scan(piece.Bytes.Span, 0).CompleteLength));
                var scan = RecordSetScanner.Scan(answer.Pieces, 0);
                Assert.Equal(expectedScan, scan);
                var chunk = new RecordChunk(answer, scan.CompleteLength, RecordSets.Topic, RecordSets.Partition, 0, scan.NextOffset, long.MaxValue, RecordDecodeOptions.Default);
                var output = new List<ConsumedRecord>();
                while (!chunk.IsExhausted)
                {
                    chunk.DecodeInto(output, 3, []);
                    Scribble(pool, 4);
                }

                AssertSameRecords(expected, output);
                Assert.Equal(0, pool.Lent);
            }
        }
    }

    [Fact]
    public void A_cut_last_entry_and_an_entry_too_small_to_be_one_are_reported_as_in_one_buffer()
    {
        var whole = MixedEntries();
        var cut = whole[..^40];
        // An entry of size 0 between whole ones: nothing after it can be found.
        var broken = RecordSets.Concat(RecordSets.Entries(1, CompressionCodec.None, 0, 1, 1, 1), new byte[12], RecordSets.Entries(1, CompressionCodec.None, 3, 1, 1));
        Assert.True(RecordSetScanner.Scan(cut, 0).IncompleteTail);
        Assert.NotNull(RecordSetScanner.Scan(broken, 0).TooSmallEntry);
        foreach (var records in new[] { cut, broken, whole[..5] })
        {
            var expected = RecordSetScanner.Scan(records, 0);
            foreach (var size in new[] { 7, 50, 128, 300 })
            {
                var pool = new SegmentPool(size, TimeSpan.FromSeconds(30));
                var frame = Segmented(pool, records);
                var answer = RecordSets.Answer(SegmentedRecords.Split(frame, 0, records.Length));
                frame.Release();

                Assert.Equal(expected, RecordSetScanner.Scan(answer.Pieces, 0));
                answer.ReleaseRecords();
                Assert.Equal(0, pool.Lent);
            }
        }
    }

    [Fact]
    public void A_segment_goes_back_to_the_pool_as_soon_as_the_records_in_it_are_taken()
    {
        var records = RecordSets.Entries(1, CompressionCodec.None, 0, Enumerable.Repeat(1, 200).ToArray());
        var pool = new SegmentPool(512, TimeSpan.FromSeconds(30));
        var frame = Segmented(pool, records);
        var answer = RecordSets.Answer(SegmentedRecords.Split(frame, 0, records.Length));
        frame.Release();
        var scan = RecordSetScanner.Scan(answer.Pieces, 0);
        var chunk = new RecordChunk(answer, scan.CompleteLength, RecordSets.Topic, RecordSets.Partition, 0, scan.NextOffset, long.MaxValue, RecordDecodeOptions.Default);
        var held = pool.Lent;

        var output = new List<ConsumedRecord>();
        chunk.DecodeInto(output, 100, []);

        Assert.False(chunk.IsExhausted);
        Assert.InRange(pool.Lent, held / 2 - 1, held / 2 + 1);
        chunk.Release();
        Assert.Equal(0, pool.Lent);
    }

    [Fact]
    public void The_next_answer_is_written_into_the_segments_the_last_one_gives_back_while_it_arrives()
    {
        var pool = new SegmentPool(16, TimeSpan.FromSeconds(30));
        var last = Segmented(pool, new byte[48]);
        var next = new SegmentedFrame(pool, 48);
        Assert.Equal(3, pool.Lent);

        // The first 16 bytes of the next answer arrive while the last one is still held; then its records are taken.
        next.Fill(new ReadOnlySequence<byte>(Enumerable.Repeat((byte)1, 16).ToArray()));
        Assert.Equal(4, pool.Lent);
        last.Release();
        next.From(16).Span.Fill(2);
        next.From(32).Span.Fill(3);

        Assert.Equal(4, pool.Allocated);
        var bytes = new byte[48];
        next.CopyTo(0, bytes);
        Assert.Equal(Enumerable.Repeat((byte)1, 16).Concat(Enumerable.Repeat((byte)2, 16)).Concat(Enumerable.Repeat((byte)3, 16)), bytes);
        next.Release();
        Assert.Equal(0, pool.Lent);
    }

    [Fact]
    public void An_answer_cut_off_before_its_end_gives_back_only_the_segments_it_was_written_into()
    {
        var pool = new SegmentPool(16, TimeSpan.FromSeconds(30));
        var frame = new SegmentedFrame(pool, 1_000);
        frame.Fill(new ReadOnlySequence<byte>(new byte[20]));

        Assert.Equal(2, pool.Lent);
        frame.Release();
        Assert.Equal(0, pool.Lent);
        Assert.Equal(2, pool.Kept);
    }
}
