using Sluice.Protocol.Compression;
using Sluice.Protocol.Records;
using Xunit;

namespace Sluice.Tests.Protocol.Records;

/// <summary>read_committed filtering with the aborted-transaction list, as Java's fetcher does it.</summary>
public sealed class ReadCommittedTests
{
    private static readonly RecordDecodeOptions ReadCommitted = RecordDecodeOptions.Default.WithIsolationLevel(IsolationLevel.ReadCommitted);

    // Producer 1's first transaction (0, 1, 4) aborts at 6; producer 2's (2, 3) commits at 5; producer 1's second
    // transaction (7) commits at 8; 9 is not transactional.
    private static byte[] Interleaved(CompressionCodec codec = CompressionCodec.None) => RecordSets.Concat(
        (BatchBuilder.Data(0, 2, producerId: 1, transactional: true) with { Codec = codec }).ToBytes(),
        (BatchBuilder.Data(2, 2, producerId: 2, transactional: true) with { Codec = codec }).ToBytes(),
        (BatchBuilder.Data(4, 1, producerId: 1, transactional: true) with { Codec = codec }).ToBytes(),
        BatchBuilder.Marker(5, producerId: 2, commit: true).ToBytes(),
        BatchBuilder.Marker(6, producerId: 1, commit: false).ToBytes(),
        (BatchBuilder.Data(7, 1, producerId: 1, transactional: true) with { Codec = codec }).ToBytes(),
        BatchBuilder.Marker(8, producerId: 1, commit: true).ToBytes(),
        (BatchBuilder.Data(9, 1) with { Codec = codec }).ToBytes());

    [Theory]
    [InlineData(CompressionCodec.None)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Zstd)]
    public void Aborted_transaction_is_dropped_while_an_interleaved_committed_one_is_delivered(CompressionCodec codec)
    {
        var decoded = RecordSets.Decode(Interleaved(codec), out var result, options: ReadCommitted, aborted: [new AbortedTransaction(1, 0)]);

        Assert.Equal([2L, 3L, 7L, 9L], decoded.Offsets());
        Assert.Equal(10, result.NextOffset);
        Assert.Equal(4, result.RecordsAdded);
    }

    [Fact]
    public void Read_uncommitted_delivers_every_data_record_but_never_a_marker()
    {
        var decoded = RecordSets.Decode(Interleaved(), out var result, aborted: [new AbortedTransaction(1, 0)]);

        Assert.Equal([0L, 1L, 2L, 3L, 4L, 7L, 9L], decoded.Offsets());
        Assert.Equal(10, result.NextOffset);
    }

    [Fact]
    public void Read_committed_without_aborted_transactions_delivers_all_data()
    {
        var decoded = RecordSets.Decode(Interleaved(), out _, options: ReadCommitted, aborted: null);

        Assert.Equal([0L, 1L, 2L, 3L, 4L, 7L, 9L], decoded.Offsets());
    }

    [Fact]
    public void Aborted_list_is_used_in_first_offset_order_whatever_order_it_comes_in()
    {
        // Producer 1 aborts twice: 0-1 (marker 2) and 3 (marker 4); producer 5 commits 5 in between.
        var bytes = RecordSets.Concat(
            BatchBuilder.Data(0, 2, producerId: 1, transactional: true).ToBytes(),
            BatchBuilder.Marker(2, producerId: 1, commit: false).ToBytes(),
            BatchBuilder.Data(3, 1, producerId: 1, transactional: true).ToBytes(),
            BatchBuilder.Marker(4, producerId: 1, commit: false).ToBytes(),
            BatchBuilder.Data(5, 1, producerId: 5, transactional: true).ToBytes(),
            BatchBuilder.Marker(6, producerId: 5, commit: true).ToBytes());

        var decoded = RecordSets.Decode(bytes, out var result, options: ReadCommitted, aborted: [new AbortedTransaction(1, 3), new AbortedTransaction(1, 0)]);

        Assert.Equal([5L], decoded.Offsets());
        Assert.Equal(7, result.NextOffset);
    }

    [Fact]
    public void Aborted_transaction_starting_after_a_batch_does_not_drop_that_batch()
    {
        // The list names producer 1's transaction from offset 3 on; its earlier committed batch stays.
        var bytes = RecordSets.Concat(
            BatchBuilder.Data(0, 1, producerId: 1, transactional: true).ToBytes(),
            BatchBuilder.Marker(1, producerId: 1, commit: true).ToBytes(),
            BatchBuilder.Data(3, 1, producerId: 1, transactional: true).ToBytes());

        var decoded = RecordSets.Decode(bytes, out var result, options: ReadCommitted, aborted: [new AbortedTransaction(1, 3)]);

        Assert.Equal([0L], decoded.Offsets());
        Assert.Equal(4, result.NextOffset);
    }

    [Fact]
    public void Non_transactional_batch_of_a_producer_with_an_aborted_transaction_is_delivered()
    {
        var bytes = BatchBuilder.Data(0, 2, producerId: 1, transactional: false).ToBytes();

        var decoded = RecordSets.Decode(bytes, out _, options: ReadCommitted, aborted: [new AbortedTransaction(1, 0)]);

        Assert.Equal([0L, 1L], decoded.Offsets());
    }

    [Fact]
    public void Mock_abort_marker_with_a_zero_crc_still_ends_the_aborted_transaction()
    {
        var bytes = RecordSets.Concat(
            BatchBuilder.Data(0, 1, producerId: 1, transactional: true).ToBytes(),
            (BatchBuilder.Marker(1, producerId: 1, commit: false) with { ZeroCrc = true }).ToBytes(),
            BatchBuilder.Data(2, 1, producerId: 1, transactional: true).ToBytes());

        var decoded = RecordSets.Decode(bytes, out _, options: ReadCommitted, aborted: [new AbortedTransaction(1, 0)]);

        Assert.Equal([2L], decoded.Offsets());
    }

    [Fact]
    public void Control_record_key_too_short_for_a_type_is_corrupt_under_read_committed()
    {
        var marker = BatchBuilder.Marker(1, producerId: 1, commit: false) with { Records = [BatchBuilder.Record(0, 0, [0, 0], [])] };

        var error = Assert.Throws<CorruptBatchException>(() =>
            RecordSets.Decode(marker.ToBytes(), out _, fetchOffset: 1, options: ReadCommitted, aborted: [new AbortedTransaction(1, 0)]));

        Assert.Equal(1, error.BaseOffset);
        Assert.Contains("control record key", error.Message);
    }
}
