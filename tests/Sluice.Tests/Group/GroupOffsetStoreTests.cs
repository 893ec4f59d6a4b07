using Sluice.Cluster;
using Sluice.Group;
using Sluice.Network;
using Xunit;

namespace Sluice.Tests.Group;

/// <summary>A group offset store that is closed while a request is under way, or asked after it closed.</summary>
public sealed class GroupOffsetStoreTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Dictionary<TopicPartition, long> Offsets = new() { [new TopicPartition("t", 0)] = 5 };

    [Fact]
    public async Task A_commit_under_way_when_the_store_closes_fails_at_once_instead_of_waiting_out_its_attempts()
    {
        // Nothing listens on the port: the coordinator lookup keeps failing, so the commit is still under way.
        await using var metadata = ClusterMetadata.Create("127.0.0.1:1", ConnectionSettings.Default);
        var store = new GroupOffsetStore(Sys, metadata, "g", ConnectionSettings.Default, maxAttempts: 5, TimeSpan.FromMilliseconds(200));
        var commit = store.CommitAsync(Offsets, CancellationToken.None);

        await store.DisposeAsync();

        var error = await Assert.ThrowsAsync<CommitFailedException>(() => commit.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("was closed", error.InnerException!.Message);
    }

    [Fact]
    public async Task A_closed_store_refuses_commits_and_fetches()
    {
        await using var metadata = ClusterMetadata.Create("127.0.0.1:1", ConnectionSettings.Default);
        var store = new GroupOffsetStore(Sys, metadata, "g", ConnectionSettings.Default, maxAttempts: 5, TimeSpan.FromMilliseconds(200));
        await store.DisposeAsync();

        await Assert.ThrowsAsync<CommitFailedException>(() => store.CommitAsync(Offsets, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        var fetch = await Assert.ThrowsAsync<InvalidOperationException>(() => store.FetchAsync(Offsets.Keys, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("was closed", fetch.Message);
    }
}
