using Sluice.Fetch;
using Xunit;

namespace Sluice.Tests.Fetch;

public sealed class RecordBoundTests
{
    private const long Budget = 64L * 1024 * 1024;

    [Fact]
    public void Small_records_are_bound_by_queued_max_messages()
    {
        Assert.Equal(16_000, PartitionReader.RecordBound(16_000, Budget, partitions: 6, recordBytes: 126));
    }

    [Fact]
    public void Large_records_are_bound_by_the_partitions_share_of_the_bytes()
    {
        // 64 MiB over 6 partitions is 11,184,810 bytes each: 1,092 records of 10 KiB.
        Assert.Equal(1_092, PartitionReader.RecordBound(16_000, Budget, partitions: 6, recordBytes: 10 * 1024));
    }

    [Fact]
    public void More_partitions_get_smaller_shares()
    {
        Assert.Equal(655, PartitionReader.RecordBound(16_000, Budget, partitions: 100, recordBytes: 1_024));
        Assert.Equal(65_536, PartitionReader.RecordBound(100_000, Budget, partitions: 1, recordBytes: 1_024));
    }

    [Fact]
    public void A_record_larger_than_the_share_may_still_come_one_at_a_time()
    {
        Assert.Equal(1, PartitionReader.RecordBound(16_000, 1024 * 1024, partitions: 4, recordBytes: 5 * 1024 * 1024));
    }

    [Fact]
    public void Before_the_first_answer_shows_the_record_size_records_are_taken_to_be_as_small_as_the_first_request_assumes()
    {
        Assert.Equal(16_000, PartitionReader.RecordBound(16_000, Budget, partitions: 6, recordBytes: 0));
        Assert.Equal(2_048, PartitionReader.RecordBound(16_000, 3 * 128 * 1024, partitions: 3, recordBytes: 0));
        Assert.Equal(128 * 1024, BrokerFetcher.RequestSize(1_048_576, credit: 2_048, recordBytes: 0));
    }
}
