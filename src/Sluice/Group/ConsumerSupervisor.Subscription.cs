using Akka.Actor;
using Akka.Event;
using Sluice.Cluster;

namespace Sluice.Group;

// What the member subscribes to: the configured topics, or, with topic-pattern, the topics that match it, looked
// up before the first join and kept current by the metadata watch.
internal sealed partial class ConsumerSupervisor
{
    private readonly TopicMatcher? _matcher;
    private IReadOnlyList<string> _subscription;
    private bool _subscriptionResolved;

    private bool SubscriptionPending => _matcher is not null && !_subscriptionResolved;

    private void ResolveSubscription()
    {
        var step = _step;
        _metadata.RefreshAsync(null).PipeTo(
            Self,
            success: snapshot => new SubscriptionResolved(step, snapshot, null),
            failure: error => new SubscriptionResolved(step, null, error));
    }

    private void OnSubscriptionResolved(SubscriptionResolved resolved)
    {
        if (resolved.Step != _step || _state != MemberState.Discovering)
            return;
        if (resolved.Snapshot is not { } snapshot)
        {
            StepFailed(GroupTrouble.CoordinatorLost, resolved.Error!);
            return;
        }

        _subscription = _matcher!.Match(snapshot);
        _subscriptionResolved = true;
        _log.Info("Group {0}: the topics matching '{1}' are [{2}]", _settings.GroupId, _settings.TopicPattern!, string.Join(", ", _subscription));
        _session.Tell(CoordinatorSession.Discover.Instance);
    }

    private sealed record SubscriptionResolved(long Step, MetadataSnapshot? Snapshot, Exception? Error);
}
