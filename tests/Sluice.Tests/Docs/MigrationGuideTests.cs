using Xunit;

namespace Sluice.Tests.Docs;

/// <summary>The migration guides leave nothing of the APIs they replace unmapped.</summary>
public sealed class MigrationGuideTests
{
    /// <summary>The 26 constructor parameters of pykafka 2.8's ManagedBalancedConsumer, in its order.</summary>
    private static readonly string[] PykafkaParameters =
    [
        "topic", "cluster", "consumer_group", "fetch_message_max_bytes", "num_consumer_fetchers", "auto_commit_enable",
        "auto_commit_interval_ms", "queued_max_messages", "fetch_min_bytes", "fetch_error_backoff_ms", "fetch_wait_max_ms",
        "offsets_channel_backoff_ms", "offsets_commit_max_retries", "auto_offset_reset", "consumer_timeout_ms",
        "rebalance_max_retries", "rebalance_backoff_ms", "auto_start", "reset_offset_on_start", "post_rebalance_callback",
        "use_rdkafka", "compacted_topic", "heartbeat_interval_ms", "membership_protocol", "deserializer",
        "reset_offset_on_fetch",
    ];

    /// <summary>Its public methods and properties (with those inherited from BalancedConsumer).</summary>
    private static readonly string[] PykafkaMembers =
    [
        "start()", "stop()", "consume(block=True)", "__iter__()", "commit_offsets(partition_offsets=None)",
        "reset_offsets(partition_offsets=None)", "held_offsets", "partitions", "topic", "fetch_offsets()",
    ];

    [Fact]
    public void The_pykafka_guide_maps_every_ManagedBalancedConsumer_parameter_and_member_in_a_table()
    {
        var firstCells = FirstCells(RepositoryFiles.Read("docs/migrating-from-pykafka.md"));

        var missing = PykafkaParameters.Concat(PykafkaMembers).Where(name => !firstCells.Contains($"`{name}`")).ToList();

        Assert.True(missing.Count == 0, "docs/migrating-from-pykafka.md has no table row starting with: " + string.Join(", ", missing.Select(n => $"`{n}`")));
    }

    // The first cell of every table row, as written.
    private static HashSet<string> FirstCells(string markdown) => markdown.Split('\n')
        .Where(line => line.StartsWith("| ", StringComparison.Ordinal))
        .Select(line => line.Split(" | ")[0][2..].Trim())
        .ToHashSet(StringComparer.Ordinal);
}
