using Akka.Actor;
using Akka.Event;
using Sluice.Cluster;

namespace Sluice.Group;

// Kafka never tells a group that a topic gained partitions: the members' subscriptions are unchanged, so nothing
// makes the coordinator rebalance. The leader, which assigned against a partition count, looks again every
// metadata-max-age and, when a count differs, rejoins; a JoinGroup from the leader of a stable group makes the
// coordinator start a rebalance (it does for the leader even when its subscription is the same).
internal sealed partial class ConsumerSupervisor
{
    // The partition count of every topic the leader assigned in this generation; null on a follower.
    private IReadOnlyDictionary<string, int>? _assignedPartitionCounts;
    private bool _checkingPartitions;

    // Topics the metadata does not list (not created yet) count as 0, so one created later is noticed too.
    private static IReadOnlyDictionary<string, int> PartitionCounts(MetadataSnapshot snapshot, IEnumerable<string> topics) =>
        topics.Distinct(StringComparer.Ordinal).ToDictionary(
            t => t,
            t => snapshot.Topics.TryGetValue(t, out var info) ? info.Partitions.Count : 0,
            StringComparer.Ordinal);

    private void WatchPartitions()
    {
        if (_assignedPartitionCounts is null)
            return;
        Timers.StartPeriodicTimer(nameof(CheckPartitions), CheckPartitions.Instance, _settings.MetadataMaxAge);
    }

    private void StopWatchingPartitions()
    {
        _assignedPartitionCounts = null;
        Timers.Cancel(nameof(CheckPartitions));
    }

    private void OnCheckPartitions()
    {
        if (_state != MemberState.Stable || _assignedPartitionCounts is not { } assigned || _checkingPartitions)
            return;
        _checkingPartitions = true;
        var step = _step;
        var topics = assigned.Keys.ToList();
        _metadata.RefreshAsync(topics).PipeTo(
            Self,
            success: snapshot => new PartitionsChecked(step, PartitionCounts(snapshot, topics), null),
            failure: error => new PartitionsChecked(step, null, error));
    }

    private void OnPartitionsChecked(PartitionsChecked checkedCounts)
    {
        _checkingPartitions = false;
        if (checkedCounts.Step != _step || _state != MemberState.Stable || _assignedPartitionCounts is not { } assigned)
            return;
        if (checkedCounts.Error is not null)
        {
            // The next look is a metadata-max-age away; a broker that cannot answer now changes nothing assigned.
            _log.Debug("Group {0}: could not read the subscribed topics' metadata: {1}", _settings.GroupId, checkedCounts.Error.Message);
            return;
        }

        // A topic missing from an answer that did list it before is a metadata hiccup, not a deleted topic:
        // only counts the broker reports are compared.
        var changed = checkedCounts.Counts!
            .Where(kv => kv.Value > 0 && assigned.TryGetValue(kv.Key, out var before) && before != kv.Value)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (changed.Count == 0)
            return;

        _log.Info(
            "Group {0}: {1}; rejoining so that the group assigns them",
            _settings.GroupId,
            string.Join(", ", changed.Select(kv => $"{kv.Key} has {kv.Value} partitions (assigned {assigned[kv.Key]})")));
        StopWatchingPartitions();
        Publish(new GroupEvent.PartitionsChanged(changed));
        StartRebalance(commit: true);
    }

    private sealed record CheckPartitions
    {
        public static CheckPartitions Instance { get; } = new();
    }

    private sealed record PartitionsChecked(long Step, IReadOnlyDictionary<string, int>? Counts, Exception? Error);
}
