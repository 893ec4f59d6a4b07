using Akka.Actor;
using Sluice.Cluster;
using Sluice.Fetch;
using Sluice.IntegrationTests.Infrastructure;
using Sluice.Network;
using Sluice.Protocol.Messages;
using Sluice.Protocol.Records;
using Sluice.TestKit;
using Xunit;
using Xunit.Abstractions;

namespace Sluice.IntegrationTests.Connections;

/// <summary>
/// A broker that closes the socket in the middle of an answer, on Kafka 0.9 behind a <see cref="SeveringProxy"/>:
/// the answer and every request behind it fail with a connection error that says so, and a fetcher that meets it
/// reconnects and reads on from where the last whole answer left off, losing and repeating nothing.
/// </summary>
[Collection(LegacyKafkaCollection.Name)]
[RunsOn(TestBrokerBackend.LegacyKafka)]
public sealed class SeveredConnectionTests(LegacyKafkaFixture fixture, ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private const int Records = 20_000;
    private const int ValueSize = 200;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [ScenarioFact]
    public async Task A_large_answer_cut_short_fails_with_how_much_arrived_and_so_does_the_request_behind_it()
    {
        var topic = await FilledTopicAsync();
        await using var proxy = SeveringProxy.Start(fixture.Cluster.BootstrapServers);
        await using var connection = await BrokerConnection.ConnectAsync(BrokerEndpoint.Parse(proxy.Address));

        var severed = proxy.SeverAfter(300_000);
        var fetch = connection.SendAsync(new FetchRequest([new FetchPartition(topic, Guid.Empty, 0, 0, -1, 2 * 1024 * 1024)], new FetchRequestOptions(MaxWaitMs: 100)));
        var behind = connection.SendAsync(new MetadataRequest([topic]));

        var error = await Assert.ThrowsAsync<KafkaConnectionException>(() => fetch);
        Assert.Matches(@"the broker closed the connection in the middle of a response \(\d+ of its \d+ bytes received\)", error.Message);
        Assert.True(error.ClosedByPeer);
        await Assert.ThrowsAsync<KafkaConnectionException>(() => behind);
        await severed.WaitAsync(Patience);
    }

    [ScenarioFact]
    public async Task A_small_answer_cut_short_fails_the_same_way()
    {
        await using var proxy = SeveringProxy.Start(fixture.Cluster.BootstrapServers);
        await using var connection = await BrokerConnection.ConnectAsync(BrokerEndpoint.Parse(proxy.Address));

        _ = proxy.SeverAfter(10);
        var error = await Assert.ThrowsAsync<KafkaConnectionException>(() => connection.SendAsync(new MetadataRequest(null)));

        Assert.Matches(@"the broker closed the connection in the middle of a response \(6 of its \d+ bytes received\)", error.Message);
        Assert.True(error.ClosedByPeer);
    }

    [ScenarioFact]
    public async Task A_fetcher_whose_answer_is_cut_short_reconnects_and_delivers_every_record_once_in_order()
    {
        var topic = await FilledTopicAsync();
        await using var proxy = SeveringProxy.Start(fixture.Cluster.BootstrapServers);
        await using var metadata = fixture.Cluster.OpenMetadata();
        var severed = proxy.SeverAfter(300_000);
        var reader = Sys.ActorOf(FetcherReaderStandIn.Props(TestActor));
        var settings = FetchSettings.Default.WithFetchWaitMax(TimeSpan.FromMilliseconds(50)) with { FetchMessageMaxBytes = 1024 * 1024 };
        var fetcher = Sys.ActorOf(BrokerFetcher.Props(0, BrokerEndpoint.Parse(proxy.Address), metadata, settings, reader));

        fetcher.Tell(new BrokerFetcher.SetTargets([new BrokerFetcher.Target(new TopicPartition(topic, 0), Guid.Empty, 0, -1, Era: 1, Grant: 1, Credit: int.MaxValue)]));

        var offsets = new List<long>();
        var unreachable = new List<BrokerFetcher.BrokerUnreachable>();
        while (offsets.Count < Records)
        {
            switch (ReceiveOne(Patience))
            {
                case FetcherReaderStandIn.Answer answer:
                    offsets.AddRange(answer.Offsets);
                    break;
                case BrokerFetcher.BrokerUnreachable lost:
                    unreachable.Add(lost);
                    break;
                case null:
                    Assert.Fail($"no records for {Patience.TotalSeconds:0} s after {offsets.Count}");
                    break;
            }
        }

        Sys.Stop(fetcher);
        await severed.WaitAsync(Patience);
        Assert.Contains(unreachable, u => u.Error.Message.Contains("in the middle of a response", StringComparison.Ordinal));
        Assert.True(proxy.Connections >= 2, $"{proxy.Connections} connection(s) through the proxy");
        Assert.Equal(Enumerable.Range(0, Records).Select(i => (long)i), offsets);
    }

    private async Task<string> FilledTopicAsync()
    {
        var topic = $"severed-{Guid.NewGuid():N}"[..20];
        await fixture.Cluster.CreateTopicAsync(topic, 1);
        await using var metadata = fixture.Cluster.OpenMetadata();
        var value = new byte[ValueSize];
        for (var batch = 0; batch < Records / 5_000; batch++)
        {
            var records = Enumerable.Range(0, 5_000).Select(_ => new ProduceRecord(null, value, 0)).ToList();
            await TestProducer.ProduceAsync(metadata, topic, new Dictionary<int, IReadOnlyList<ProduceRecord>> { [0] = records });
        }

        return topic;
    }
}
