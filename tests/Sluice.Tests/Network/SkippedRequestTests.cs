using Sluice.Network;
using Sluice.Protocol;
using Sluice.Protocol.Messages;
using Xunit;

namespace Sluice.Tests.Network;

public sealed class SkippedRequestTests
{
    [Fact]
    public void Requests_written_before_the_answered_one_and_still_in_flight_were_skipped()
    {
        var inFlight = new Dictionary<int, PendingRequest>
        {
            [7] = Pending(wireOrder: 1),
            [9] = Pending(wireOrder: 3),
            [4] = Pending(wireOrder: 2),
        };

        Assert.Equal([7, 4], BrokerConnection.Skipped(inFlight, answeredWireOrder: 3));
    }

    [Fact]
    public void Requests_written_after_the_answered_one_or_not_written_yet_are_still_owed()
    {
        var inFlight = new Dictionary<int, PendingRequest>
        {
            [5] = Pending(wireOrder: 6),
            [6] = Pending(wireOrder: 0),
        };

        Assert.Empty(BrokerConnection.Skipped(inFlight, answeredWireOrder: 5));
    }

    [Fact]
    public void A_request_whose_silence_is_expected_is_never_counted_as_skipped()
    {
        var inFlight = new Dictionary<int, PendingRequest> { [1] = Pending(wireOrder: 1, silenceExpected: true) };

        Assert.Empty(BrokerConnection.Skipped(inFlight, answeredWireOrder: 2));
    }

    private static PendingRequest Pending(long wireOrder, bool silenceExpected = false) =>
        new PendingRequest<MetadataResponse>(new MetadataRequest(null), 0, flexibleResponseHeader: false) { WireOrder = wireOrder, SilenceExpected = silenceExpected };
}
