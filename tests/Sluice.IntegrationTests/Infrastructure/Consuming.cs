using Sluice.Fetch;
using Sluice.Group;
using Sluice.Protocol.Records;

namespace Sluice.IntegrationTests.Infrastructure;

/// <summary>Reading helpers for scenarios: consume until a count is reached, or fail with what came.</summary>
public static class Consuming
{
    /// <summary>Consumes until <paramref name="count"/> records have come, failing after <paramref name="within"/>.</summary>
    public static Task<List<ConsumedRecord>> ConsumeExactlyAsync(this StaticAssignmentConsumer consumer, int count, TimeSpan within) =>
        ConsumeExactlyAsync((max, wait) => consumer.ConsumeAsync(max, wait), count, within);

    /// <summary>Consumes until <paramref name="count"/> records have come, failing after <paramref name="within"/>.</summary>
    public static Task<List<ConsumedRecord>> ConsumeExactlyAsync(this ManagedBalancedConsumer consumer, int count, TimeSpan within) =>
        ConsumeExactlyAsync((max, wait) => consumer.ConsumeAsync(max, wait), count, within);

    private static async Task<List<ConsumedRecord>> ConsumeExactlyAsync(Func<int, TimeSpan, Task<IReadOnlyList<ConsumedRecord>>> poll, int count, TimeSpan within)
    {
        var records = new List<ConsumedRecord>();
        using var deadline = new CancellationTokenSource(within);
        while (records.Count < count)
        {
            if (deadline.IsCancellationRequested)
                throw new TimeoutException($"Only {records.Count} of {count} records came within {within.TotalSeconds:0} s.");
            records.AddRange(await poll(count - records.Count, TimeSpan.FromMilliseconds(200)));
        }

        return records;
    }

    /// <summary>Asserts nothing more arrives within <paramref name="quiet"/> (nothing repeated, nothing extra).</summary>
    public static async Task<IReadOnlyList<ConsumedRecord>> ConsumeRestAsync(this StaticAssignmentConsumer consumer, TimeSpan quiet) =>
        await consumer.ConsumeAsync(10_000, quiet);

    /// <summary>Every partition's records, in the order they came.</summary>
    public static Dictionary<int, List<ConsumedRecord>> ByPartition(this IEnumerable<ConsumedRecord> records) =>
        records.GroupBy(r => r.Partition).ToDictionary(g => g.Key, g => g.ToList());

    /// <summary>Start positions for every partition of a topic.</summary>
    public static IReadOnlyDictionary<TopicPartition, StartPosition> AllPartitions(string topic, int partitions, StartPosition start) =>
        Enumerable.Range(0, partitions).ToDictionary(p => new TopicPartition(topic, p), _ => start);
}
