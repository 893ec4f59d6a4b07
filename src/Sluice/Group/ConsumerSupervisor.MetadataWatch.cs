using Akka.Actor;
using Akka.Event;
using Sluice.Cluster;

namespace Sluice.Group;

// Kafka never tells a group that the topics changed: a topic that gains partitions, or a new topic that matches a
// member's pattern, leaves every subscription as the coordinator knows it, so nothing makes it rebalance. Members
// look at the metadata every metadata-max-age instead. A pattern member whose matches changed rejoins with the new
// list (a changed subscription makes the coordinator rebalance); the leader, which assigned against partition
// counts, rejoins when a count differs (the coordinator of a stable group rebalances for a JoinGroup from its
// leader even when the subscription is the same).
internal sealed partial class ConsumerSupervisor
{
    // The partition count of every topic the leader assigned in this generation; null on a follower.
    private IReadOnlyDictionary<string, int>? _assignedPartitionCounts;
    private bool _checkingMetadata;

    // Topics the metadata does not list (not created yet) count as 0, so one created later is noticed too.
    private static IReadOnlyDictionary<string, int> PartitionCounts(MetadataSnapshot snapshot, IEnumerable<string> topics) =>
        topics.Distinct(StringComparer.Ordinal).ToDictionary(
            t => t,
            t => snapshot.Topics.TryGetValue(t, out var info) ? info.Partitions.Count : 0,
            StringComparer.Ordinal);

    // A pattern member always watches; a member with a topic list only while it leads.
    private bool HasMetadataToWatch => _assignedPartitionCounts is not null || _matcher is not null;

    private void WatchMetadata()
    {
        if (!HasMetadataToWatch)
            return;
        Timers.StartPeriodicTimer(nameof(CheckMetadata), CheckMetadata.Instance, _settings.MetadataMaxAge);
    }

    private void StopWatchingMetadata()
    {
        _assignedPartitionCounts = null;
        Timers.Cancel(nameof(CheckMetadata));
    }

    private void OnCheckMetadata()
    {
        if (_state != MemberState.Stable || _checkingMetadata || !HasMetadataToWatch)
            return;
        _checkingMetadata = true;
        var step = _step;

        // A pattern needs every topic; a leader with a topic list only the ones it assigned.
        var topics = _matcher is null ? _assignedPartitionCounts!.Keys.ToList() : null;
        _metadata.RefreshAsync(topics).PipeTo(
            Self,
            success: snapshot => new MetadataChecked(step, snapshot, null),
            failure: error => new MetadataChecked(step, null, error));
    }

    private void OnMetadataChecked(MetadataChecked checkedMetadata)
    {
        _checkingMetadata = false;
        if (checkedMetadata.Step != _step || _state != MemberState.Stable)
            return;
        if (checkedMetadata.Snapshot is not { } snapshot)
        {
            // The next look is a metadata-max-age away; a broker that cannot answer now changes nothing assigned.
            _log.Debug("Group {0}: could not read the topics' metadata: {1}", _settings.GroupId, checkedMetadata.Error!.Message);
            return;
        }

        if (_matcher is not null && MatchesChanged(snapshot))
            return;
        if (_assignedPartitionCounts is { } assigned)
            CountsChanged(snapshot, assigned);
    }

    private bool MatchesChanged(MetadataSnapshot snapshot)
    {
        var matched = _matcher!.Match(snapshot);
        if (matched.SequenceEqual(_subscription, StringComparer.Ordinal))
            return false;
        _log.Info("Group {0}: the topics matching '{1}' are now [{2}] (were [{3}]); rejoining", _settings.GroupId, _settings.TopicPattern!, string.Join(", ", matched), string.Join(", ", _subscription));
        _subscription = matched;
        StopWatchingMetadata();
        Publish(new GroupEvent.TopicsMatched(matched));
        StartRebalance(commit: true);
        return true;
    }

    private void CountsChanged(MetadataSnapshot snapshot, IReadOnlyDictionary<string, int> assigned)
    {
        // A topic missing from an answer that did list it before is a metadata hiccup, not a deleted topic: only
        // counts the broker reports are compared.
        var changed = PartitionCounts(snapshot, assigned.Keys)
            .Where(kv => kv.Value > 0 && assigned[kv.Key] != kv.Value)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (changed.Count == 0)
            return;

        _log.Info(
            "Group {0}: {1}; rejoining so that the group assigns them",
            _settings.GroupId,
            string.Join(", ", changed.Select(kv => $"{kv.Key} has {kv.Value} partitions (assigned {assigned[kv.Key]})")));
        StopWatchingMetadata();
        Publish(new GroupEvent.PartitionsChanged(changed));
        StartRebalance(commit: true);
    }

    private sealed record CheckMetadata
    {
        public static CheckMetadata Instance { get; } = new();
    }

    private sealed record MetadataChecked(long Step, MetadataSnapshot? Snapshot, Exception? Error);
}
