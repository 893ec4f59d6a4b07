using System.Threading.Channels;
using Sluice.Fetch;
using Sluice.Group;

namespace Sluice.Streams;

/// <summary>
/// Controls a running consumer source (the materialized value of every <see cref="KafkaConsumer"/> source), with
/// the member names Akka.Streams.Kafka users know.
/// </summary>
public interface IConsumerControl
{
    /// <summary>
    /// Stops emitting: the source completes, while the member keeps its partitions and can still commit what the
    /// stream processed (until <see cref="Shutdown"/>, or <c>stop-timeout</c> after the source stopped). Completes
    /// once the source has stopped.
    /// </summary>
    Task Stop();

    /// <summary>
    /// Stops emitting, commits what was emitted when auto-commit is on, waits for commits in flight, leaves the group
    /// at once (the others take over without waiting for the session timeout) and closes every connection.
    /// </summary>
    Task Shutdown();

    /// <summary>Completes when the member has left the group and released everything.</summary>
    Task IsShutdown { get; }

    /// <summary>
    /// Stops emitting, waits for <paramref name="streamCompletion"/> (typically a committer sink, which commits what
    /// is in flight before it completes), then shuts down; a failed stream is shut down too, and its error rethrown.
    /// </summary>
    Task<T> DrainAndShutdown<T>(Task<T> streamCompletion);

    /// <summary>Rebalances (assigned, revoked, lost), commit failures, fetch events and the member's failure, as they
    /// happen. The most recent 1024 are kept for a reader that falls behind.</summary>
    ChannelReader<GroupEvent> Events { get; }

    /// <summary>Where the member is in its life, its generation, member id and the partitions it holds.</summary>
    Task<MemberStatus> GetMemberStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Each held partition's positions, buffered count, leader and lag.</summary>
    Task<IReadOnlyList<PartitionStatus>> GetPartitionStatusAsync(CancellationToken cancellationToken = default);
}
