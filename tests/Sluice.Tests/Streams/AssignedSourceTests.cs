using Sluice.Fetch;
using Sluice.Settings;
using Sluice.Streams;
using Xunit;

namespace Sluice.Tests.Streams;

public sealed class AssignedSourceTests
{
    [Fact]
    public void An_assigned_source_without_partitions_is_refused_when_it_is_made()
    {
        var error = Assert.Throws<ArgumentException>(() => KafkaConsumer.PlainAssignedSource(ConsumerSettings.Default, new Dictionary<TopicPartition, StartPosition>()));

        Assert.Equal("assignment", error.ParamName);
    }
}
