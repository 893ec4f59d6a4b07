using Akka.Actor;
using Sluice.Fetch;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>
/// The <see cref="BrokerFetcher"/>'s reader, reduced to what a test of the fetcher needs: every fetch may go, each
/// answer's records are decoded as they come (which gives their bytes back) and passed on with the answer as
/// <see cref="Answer"/>, and a broker found unreachable is reported.
/// </summary>
internal sealed class FetcherReaderStandIn : ReceiveActor
{
    public FetcherReaderStandIn(IActorRef test)
    {
        Receive<BrokerFetcher.RequestSlot>(_ => Sender.Tell(BrokerFetcher.SlotGranted.Instance));
        Receive<BrokerFetcher.ReleaseSlot>(_ => { });
        Receive<BrokerFetcher.Fetched>(fetched =>
        {
            var buffer = new RecordBuffer();
            buffer.Add(fetched.Chunk);
            var offsets = new List<long>();
            while (buffer.TryDequeue(out var record))
                offsets.Add(record.Offset);
            test.Tell(new Answer(fetched, offsets));
        });
        Receive<BrokerFetcher.BrokerUnreachable>(test.Tell);
        Receive<BrokerFetcher.PartitionError>(error => test.Tell(new Status.Failure(error.Error)));
    }

    /// <summary>Props of a stand-in reporting to <paramref name="test"/>.</summary>
    public static Props Props(IActorRef test) => Akka.Actor.Props.Create(() => new FetcherReaderStandIn(test));

    /// <summary>One answer the fetcher delivered, and the offsets of the records decoded from it.</summary>
    public sealed record Answer(BrokerFetcher.Fetched Fetched, IReadOnlyList<long> Offsets);
}
