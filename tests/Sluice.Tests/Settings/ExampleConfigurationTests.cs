using Akka.Configuration;
using Sluice.Fetch;
using Sluice.Protocol.Records;
using Sluice.Settings;
using Xunit;

namespace Sluice.Tests.Settings;

public sealed class ExampleConfigurationTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "examples");

    /// <summary>What each example in hocon/examples must produce; an example without an entry fails the suite.</summary>
    private static readonly Dictionary<string, Action<Config>> Expectations = new()
    {
        ["minimal.conf"] = config =>
        {
            var consumer = ConsumerSettings.Create(config);
            Assert.Equal("inventory-projector", consumer.GroupId);
            Assert.Equal(["inventory-events"], consumer.Topics);
            Assert.Equal(ConsumerSettings.Default.QueuedMaxMessages, consumer.QueuedMaxMessages);
        },
        ["at-least-once-stream.conf"] = config =>
        {
            var consumer = ConsumerSettings.Create(config);
            var committer = CommitterSettings.Create(config);
            Assert.False(consumer.AutoCommitEnable);
            Assert.Equal(200, consumer.MaxPollRecords);
            Assert.Equal(TimeSpan.FromSeconds(20), consumer.StopTimeout);
            Assert.Equal(100, committer.MaxBatch);
            Assert.Equal(TimeSpan.FromSeconds(2), committer.MaxInterval);
            Assert.Equal(5, committer.Parallelism);
        },
        ["high-throughput.conf"] = config =>
        {
            var consumer = ConsumerSettings.Create(config);
            Assert.Equal(65536, consumer.FetchMinBytes);
            Assert.Equal(20000, consumer.QueuedMaxMessages);
            Assert.Equal(32, consumer.Connection.MaxInFlightRequests);
            Assert.Equal(10000, CommitterSettings.Create(config).MaxBatch);
        },
        ["kafka-0.9-legacy.conf"] = config =>
        {
            var consumer = ConsumerSettings.Create(config);
            Assert.False(consumer.Connection.ApiVersionsRequest);
            Assert.True(consumer.AutoCommitEnable);
            Assert.Equal(["range", "roundrobin"], consumer.AssignmentStrategies);
            Assert.Equal(TimeSpan.FromSeconds(30), consumer.SessionTimeout);
        },
        ["cooperative-rebalancing.conf"] = config =>
        {
            var consumer = ConsumerSettings.Create(config);
            Assert.Equal(["cooperative-sticky", "range"], consumer.AssignmentStrategies);
            Assert.Equal("shipment-tracker-0", consumer.GroupInstanceId);
            Assert.Equal(TimeSpan.FromSeconds(120), consumer.RebalanceTimeout);
        },
        ["named-consumers.conf"] = config =>
        {
            var orders = ConsumerSettings.Create(config, "orders");
            var history = ConsumerSettings.Create(config, "order-history");
            var refunds = ConsumerSettings.Create(config, "refunds");
            Assert.Equal("order-service.orders", orders.GroupId);
            Assert.Equal(100, orders.MaxPollRecords);
            Assert.Equal(["orders", "order-cancellations"], history.Topics);
            Assert.Equal(TimeSpan.FromMilliseconds(500), history.FetchWaitMax);
            Assert.Equal(OffsetReset.Latest, refunds.AutoOffsetReset);
            Assert.All([orders, history, refunds], c => Assert.Equal(IsolationLevel.ReadCommitted, c.IsolationLevel));
            Assert.All([orders, history, refunds], c => Assert.Equal(TimeSpan.FromSeconds(40), c.Connection.RequestTimeout));
            Assert.Equal(500, CommitterSettings.Create(config).MaxBatch);
        },
    };

    public static TheoryData<string> Examples() => new(System.IO.Directory.GetFiles(Directory, "*.conf").Select(Path.GetFileName).OfType<string>());

    [Fact]
    public void Every_example_has_expectations_and_every_expectation_has_its_example()
    {
        Assert.Equal(Expectations.Keys.Order(), System.IO.Directory.GetFiles(Directory, "*.conf").Select(Path.GetFileName).Order());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_builds_all_the_settings_it_configures_with_the_values_it_documents(string file)
    {
        var config = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(Directory, file)));

        ConsumerSettings.Create(config);
        CommitterSettings.Create(config);
        foreach (var (name, _) in config.GetConfig(ConsumerSettings.ConsumersPath)?.AsEnumerable() ?? [])
            ConsumerSettings.Create(config, name);
        Assert.True(Expectations.TryGetValue(file, out var expect), $"{file} has no expectations in {nameof(ExampleConfigurationTests)}");
        expect(config);
    }
}
