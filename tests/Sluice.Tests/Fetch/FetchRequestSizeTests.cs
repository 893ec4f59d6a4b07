using Sluice.Fetch;
using Xunit;

namespace Sluice.Tests.Fetch;

public sealed class FetchRequestSizeTests
{
    [Theory]
    [InlineData(10, 65_536)]
    [InlineData(10_000, 640_000)]
    [InlineData(20_000, 1_048_576)]
    public void Before_the_first_answer_a_partition_is_asked_for_its_credit_of_small_records(int credit, int expected)
    {
        Assert.Equal(expected, BrokerFetcher.RequestSize(1_048_576, credit, recordBytes: 0));
    }

    [Fact]
    public void A_partition_is_asked_for_about_its_credit_at_the_last_answers_bytes_per_record()
    {
        Assert.Equal(260_000, BrokerFetcher.RequestSize(1_048_576, credit: 2_000, recordBytes: 130));
    }

    [Theory]
    [InlineData(1, 130, 65_536)]
    [InlineData(0, 130, 65_536)]
    [InlineData(50_000, 130, 1_048_576)]
    public void The_size_stays_between_64_KiB_and_the_partition_maximum(int credit, int recordBytes, int expected)
    {
        Assert.Equal(expected, BrokerFetcher.RequestSize(1_048_576, credit, recordBytes));
    }

    [Fact]
    public void A_partition_maximum_below_64_KiB_is_kept()
    {
        Assert.Equal(4_096, BrokerFetcher.RequestSize(4_096, credit: 1, recordBytes: 100));
    }
}
