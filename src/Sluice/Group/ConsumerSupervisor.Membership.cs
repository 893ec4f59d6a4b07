using Akka.Actor;
using Akka.Event;
using Sluice.Fetch;
using Sluice.Protocol;
using Sluice.Protocol.Messages;

namespace Sluice.Group;

internal sealed partial class ConsumerSupervisor
{
    private const string ProtocolType = "consumer";
    private bool _resumeAfterDiscovery;
    private IReadOnlySet<TopicPartition> _syncedAssignment = new HashSet<TopicPartition>();
    private IReadOnlyDictionary<TopicPartition, long> _previousHeld = new Dictionary<TopicPartition, long>();
    private bool _commitBeforeRejoin;
    private IReadOnlySet<TopicPartition> _toAssign = new HashSet<TopicPartition>();
    private bool _revokingAfterSync;
    private bool _rejoinAfterAssign;
    private bool _awaitingFlush;

    // KIP-429: under a cooperative strategy a member keeps its partitions through a rebalance and revokes, after
    // the sync, only those that moved; it then rejoins at once so the next round can hand them to their new owner.
    private bool Cooperative => _assignors.FirstOrDefault(a => string.Equals(a.Name, _protocolName, StringComparison.Ordinal))?.Kind == Assignors.AssignmentProtocolKind.Cooperative;

    private void Discover()
    {
        Become(MemberState.Discovering);
        if (SubscriptionPending)
            ResolveSubscription();
        else
            _session.Tell(CoordinatorSession.Discover.Instance);
    }

    private void OnCoordinatorFound(CoordinatorSession.CoordinatorFound found)
    {
        if (_state != MemberState.Discovering)
            return;
        Publish(new GroupEvent.CoordinatorFound(found.NodeId, found.Endpoint.ToString()));

        // A coordinator that moved while the member was stable: the membership is still valid with the new one.
        if (_resumeAfterDiscovery && _generationId >= 0)
        {
            _resumeAfterDiscovery = false;
            Become(MemberState.Stable);
            _heartbeat.Tell(new Heartbeat.Start(_generationId, _memberId, _settings.GroupInstanceId, _settings.HeartbeatInterval));
            return;
        }

        SendJoin();
    }

    private void OnDiscoveryFailed(Status.Failure failure)
    {
        switch (_state)
        {
            case MemberState.Discovering:
                StepFailed(GroupTrouble.CoordinatorLost, failure.Cause);
                break;
            case MemberState.Rebalancing:
            case MemberState.Syncing when _revokingAfterSync:
                // The commit before giving partitions up failed after its retries; it was reported, and the
                // rebalance goes on.
                AfterRevokeCommit();
                break;
            case MemberState.Stopping:
                Leave();
                break;
        }
    }

    private void SendJoin()
    {
        Become(MemberState.Joining);
        var protocols = _assignors.Select(a => new JoinGroupProtocol(a.Name, SubscriptionFor(a))).ToList();
        var request = new JoinGroupRequest(
            _settings.GroupId,
            (int)_settings.SessionTimeout.TotalMilliseconds,
            (int)_settings.RebalanceTimeout.TotalMilliseconds,
            _memberId,
            ProtocolType,
            protocols,
            _settings.GroupInstanceId);
        var timeout = _settings.RebalanceTimeout + _settings.SessionTimeout + TimeSpan.FromSeconds(5);
        _session.Tell(CoordinatorSession.Execute.Of(CoordinatorLane.Group, request, timeout, new StepTag(_step, ApiKey.JoinGroup)));
    }

    private void OnExecuted(CoordinatorSession.Executed executed)
    {
        if (executed.Tag is not StepTag tag || tag.Step != _step)
            return;
        if (executed.Error is not null)
        {
            if (tag.Api == ApiKey.LeaveGroup)
            {
                FinishStop();
                return;
            }

            // A request the broker cannot take at any version (static membership needs JoinGroup v5, Kafka 2.3)
            // will not succeed on a retry.
            var trouble = executed.Error switch
            {
                CoordinatorUnavailableException => GroupTrouble.CoordinatorLost,
                Network.UnsupportedVersionException => GroupTrouble.Fatal,
                _ => GroupTrouble.Retry,
            };
            StepFailed(trouble, executed.Error);
            return;
        }

        switch (executed.Response)
        {
            case JoinGroupResponse join:
                OnJoined(join);
                break;
            case SyncGroupResponse sync:
                OnSynced(sync);
                break;
            case OffsetFetchResponse offsets:
                OnCommittedOffsets(offsets);
                break;
            case LeaveGroupResponse leave:
                if (leave.Outcome != ErrorCode.None)
                    _log.Info("Group {0}: LeaveGroup answered {1}", _settings.GroupId, leave.Outcome);
                FinishStop();
                break;
        }
    }

    private void OnJoined(JoinGroupResponse join)
    {
        // KIP-394: the coordinator hands out the member id on a first join and asks for a second join with it.
        if (join.Error == ErrorCode.MemberIdRequired)
        {
            _memberId = join.MemberId;
            SendJoin();
            return;
        }

        if (join.Error != ErrorCode.None)
        {
            StepFailed(GroupErrors.ForJoinOrSync(join.Error), new GroupErrorException(_settings.GroupId, ApiKey.JoinGroup, join.Error));
            return;
        }

        _generationId = join.GenerationId;
        _memberId = join.MemberId;
        _protocolName = join.ProtocolName;
        _log.Info("Group {0}: joined generation {1} as {2}{3} with protocol {4}", _settings.GroupId, _generationId, _memberId, join.IsLeader ? " (leader)" : "", _protocolName);
        StopWatchingMetadata();
        Become(MemberState.Syncing);
        if (join.IsLeader && !join.SkipAssignment)
            ComputeAssignment(join.Members);
        else
            SendSync([]);
    }

    private void OnAssignmentComputed(AssignmentComputed computed)
    {
        if (computed.Step != _step)
            return;
        if (computed.Error is not null)
        {
            StepFailed(GroupTrouble.Retry, computed.Error);
            return;
        }

        _assignedPartitionCounts = computed.PartitionCounts;
        SendSync(computed.Assignments!);
    }

    private void SendSync(IReadOnlyList<SyncGroupAssignment> assignments)
    {
        var request = new SyncGroupRequest(_settings.GroupId, _generationId, _memberId, assignments, _settings.GroupInstanceId, ProtocolType, _protocolName);
        var timeout = _settings.RebalanceTimeout + TimeSpan.FromSeconds(5);
        _session.Tell(CoordinatorSession.Execute.Of(CoordinatorLane.Group, request, timeout, new StepTag(_step, ApiKey.SyncGroup)));
    }

    private void OnSynced(SyncGroupResponse sync)
    {
        if (sync.Error != ErrorCode.None)
        {
            StepFailed(GroupErrors.ForJoinOrSync(sync.Error, ApiKey.SyncGroup), new GroupErrorException(_settings.GroupId, ApiKey.SyncGroup, sync.Error));
            return;
        }

        try
        {
            _syncedAssignment = DecodeAssignment(sync.Assignment);
        }
        catch (KafkaProtocolException e)
        {
            StepFailed(GroupTrouble.Retry, e);
            return;
        }

        _toAssign = _syncedAssignment.Except(_assignment).ToHashSet();
        var revoked = _assignment.Except(_syncedAssignment).ToList();
        _rejoinAfterAssign = revoked.Count > 0 && Cooperative;
        if (revoked.Count > 0)
        {
            _revokingAfterSync = true;
            _commitBeforeRejoin = true;
            RevokeFromReader(revoked);
            return;
        }

        FetchCommittedOffsets();
    }

    private void FetchCommittedOffsets()
    {
        if (_toAssign.Count == 0)
        {
            ApplyAssignment(new Dictionary<TopicPartition, long>());
            return;
        }

        var request = new OffsetFetchRequest(_settings.GroupId, OffsetRequests.FetchTopics(_toAssign), requireStable: true);
        _session.Tell(CoordinatorSession.Execute.Of(CoordinatorLane.Control, request, _settings.Connection.RequestTimeout, new StepTag(_step, ApiKey.OffsetFetch)));
    }

    private void OnCommittedOffsets(OffsetFetchResponse response)
    {
        var worst = GroupErrors.Worst(response);
        if (worst != ErrorCode.None)
        {
            // UNSTABLE_OFFSET_COMMIT: a transaction's offsets are pending; ask again shortly.
            var kind = GroupErrors.ForOffsetFetch(worst);
            var error = new GroupErrorException(_settings.GroupId, ApiKey.OffsetFetch, worst);
            if (kind == GroupTrouble.Retry)
            {
                _log.Info("Group {0}: committed offsets not readable yet ({1}); asking again", _settings.GroupId, worst);
                ScheduleRetry(RetryAction.FetchOffsets, _settings.OffsetsChannelBackoff);
                return;
            }

            StepFailed(kind, error);
            return;
        }

        var committed = response.Topics
            .SelectMany(t => t.Partitions.Select(p => (Partition: new TopicPartition(t.Name, p.Partition), p.Offset)))
            .Where(p => _toAssign.Contains(p.Partition))
            .ToDictionary(p => p.Partition, p => p.Offset);
        ApplyAssignment(committed);
    }

    private void ApplyAssignment(IReadOnlyDictionary<TopicPartition, long> committed)
    {
        var assigned = _toAssign.ToDictionary(p => p, p => committed.TryGetValue(p, out var offset) ? offset : -1L);
        var reset = StartPosition.From(_settings.AutoOffsetReset);
        var resetAll = (_settings.ResetOffsetOnStart && !_assignedBefore) || !_settings.ResetOffsetOnFetch;
        var positions = assigned.ToDictionary(kv => kv.Key, kv => !resetAll && kv.Value >= 0 ? StartPosition.AtOffset(kv.Value) : reset);

        if (_callback is not null)
        {
            try
            {
                var overrides = _callback(_previousHeld, assigned);
                foreach (var (partition, position) in overrides ?? new Dictionary<TopicPartition, StartPosition>())
                {
                    if (!positions.ContainsKey(partition))
                        throw new ArgumentException($"The post-rebalance callback returned {partition}, which is not assigned to this member.");
                    positions[partition] = position;
                }
            }
            catch (Exception e)
            {
                _log.Warning("Group {0}: the post-rebalance callback failed: {1}", _settings.GroupId, e.Message);
                StepFailed(GroupTrouble.Retry, e);
                return;
            }
        }

        foreach (var partition in _toAssign)
            _assignedAt[partition] = _generationId;

        // The stream hears of new partitions before the reader can hand out any of their records.
        _stream?.Tell(new StreamAssigned(AssignedAtSnapshot()));
        if (positions.Count > 0)
            _reader.Tell(new PartitionReader.Assign(positions));
        _assignment = new HashSet<TopicPartition>(_syncedAssignment);
        _assignedBefore = true;
        _attempts = 0;
        Become(MemberState.Stable);
        _committer.Tell(new OffsetCommitter.SetMembership(CurrentMembership()));
        _heartbeat.Tell(new Heartbeat.Start(_generationId, _memberId, _settings.GroupInstanceId, _settings.HeartbeatInterval));
        WatchMetadata();
        Publish(new GroupEvent.Assigned(_generationId, positions));
        foreach (var waiter in _startWaiters)
            waiter.Tell(new Started(_generationId, _memberId, _assignment));
        _startWaiters.Clear();

        if (_rejoinAfterAssign)
        {
            _rejoinAfterAssign = false;
            StartRebalance(commit: true);
        }
    }

    private void OnTrouble(Heartbeat.Trouble trouble)
    {
        if (trouble.GenerationId != _generationId || _state != MemberState.Stable)
            return;
        _log.Info("Group {0}: {1} in generation {2}: {3}", _settings.GroupId, trouble.Kind, trouble.GenerationId, trouble.Error.Message);
        switch (trouble.Kind)
        {
            case GroupTrouble.Rebalance or GroupTrouble.StaleGeneration:
                StartRebalance(commit: true);
                break;
            case GroupTrouble.MembershipLost:
                // The coordinator has given the partitions to others already: committing now could overwrite
                // their progress, so they are dropped without a commit and the member rejoins afresh.
                _memberId = string.Empty;
                StartRebalance(commit: false);
                break;
            case GroupTrouble.CoordinatorLost:
                _heartbeat.Tell(Heartbeat.StopBeating.Instance);
                _session.Tell(CoordinatorSession.Forget.Instance);
                _resumeAfterDiscovery = true;
                Discover();
                break;
            case GroupTrouble.Fatal:
                Fail(trouble.Error);
                break;
        }
    }

    // Revocation order: stop fetching and drop what is buffered (nothing of a revoked partition is handed out
    // afterwards), commit what was processed, then rejoin.
    private void StartRebalance(bool commit)
    {
        Become(MemberState.Rebalancing);
        _heartbeat.Tell(Heartbeat.StopBeating.Instance);
        _commitBeforeRejoin = commit;
        if (commit && Cooperative)
        {
            // Keep reading and owning everything; the sync says what, if anything, moves.
            SendJoin();
            return;
        }

        RevokeFromReader(_assignment.ToList());
    }

    // What is committed before partitions are given up: with auto-commit, how far the application got; and whatever
    // committer stages gathered of them and have not sent. A classic-protocol coordinator still takes commits of the
    // generation being left while it waits for the members to rejoin, and after the sync a cooperative member still
    // owns what it revokes, so both go out now; sent later they would be left out and their records read again.
    private void OnRevoked(PartitionReader.Revoked revoked)
    {
        _previousHeld = revoked.Positions;
        var mayCommit = _memberId.Length > 0 && _generationId >= 0 && (_state == MemberState.Stopping || _commitBeforeRejoin);
        var offsets = _settings.AutoCommitEnable
            ? revoked.Positions.Where(kv => kv.Value >= 0).ToDictionary(kv => kv.Key, kv => kv.Value)
            : new Dictionary<TopicPartition, long>();
        if (mayCommit)
        {
            var giving = revoked.Positions.Keys.Where(_assignedAt.ContainsKey).ToDictionary(p => p, p => _assignedAt[p]);
            var gathered = _backlog.Take(giving);
            if (gathered.Count > 0)
                _log.Info("Group {0}: committing {1} offset(s) a committer had gathered, before giving their partitions up", _settings.GroupId, gathered.Count);
            foreach (var (partition, next) in gathered)
                offsets[partition] = offsets.TryGetValue(partition, out var position) ? Math.Max(position, next) : next;
        }

        if (_revokingAfterSync)
            _committer.Tell(new OffsetCommitter.SetMembership(CurrentMembership()));
        if (mayCommit && offsets.Count > 0)
        {
            _committer.Tell(new OffsetCommitter.Commit(offsets, ReplyTo: Self));
            return;
        }

        AfterRevokeCommit();
    }

    private void AfterRevokeCommit()
    {
        if (_state == MemberState.Stopping)
        {
            FlushThenLeave();
            return;
        }

        if (_revokingAfterSync && _state == MemberState.Syncing)
        {
            _revokingAfterSync = false;
            var revoked = _assignment.Except(_syncedAssignment).ToList();
            Publish(new GroupEvent.Revoked(revoked));
            _assignment = _assignment.Intersect(_syncedAssignment).ToHashSet();
            foreach (var partition in revoked)
                _assignedAt.Remove(partition);
            FetchCommittedOffsets();
            return;
        }

        if (_state != MemberState.Rebalancing)
            return;
        Publish(_commitBeforeRejoin ? new GroupEvent.Revoked(_assignment.ToList()) : new GroupEvent.Lost(_assignment.ToList()));
        _assignment = new HashSet<TopicPartition>();
        _assignedAt.Clear();
        _committer.Tell(new OffsetCommitter.SetMembership(null));
        SendJoin();
    }

    private void StepFailed(GroupTrouble trouble, Exception error)
    {
        if (trouble is GroupTrouble.Fatal or GroupTrouble.RequestFailed)
        {
            Fail(error);
            return;
        }

        if (trouble == GroupTrouble.MembershipLost)
            _memberId = string.Empty;
        if (trouble is GroupTrouble.MembershipLost or GroupTrouble.StaleGeneration)
            _generationId = -1;
        if (trouble == GroupTrouble.CoordinatorLost)
            _session.Tell(CoordinatorSession.Forget.Instance);

        _attempts++;
        if (_attempts >= _settings.RebalanceMaxRetries)
        {
            Fail(new RebalanceFailedException(_settings.GroupId, _attempts, error));
            return;
        }

        _log.Info("Group {0}: attempt {1} of {2} failed ({3}); retrying", _settings.GroupId, _attempts, _settings.RebalanceMaxRetries, error.Message);
        ScheduleRetry(trouble == GroupTrouble.CoordinatorLost ? RetryAction.Discover : RetryAction.Join, _settings.RebalanceBackoff);
    }

    private void Fail(Exception error)
    {
        _log.Error("Group {0}: the member stops: {1}", _settings.GroupId, error.Message);
        _failure = error;
        Become(MemberState.Failed);
        _heartbeat.Tell(Heartbeat.StopBeating.Instance);
        _committer.Tell(new OffsetCommitter.SetMembership(null));
        _committer.Tell(OffsetCommitter.Close.Instance);
        _stream?.Tell(new StreamReleased(_assignment.ToList()));
        _reader.Tell(new PartitionReader.Revoke(_assignment.ToList()));
        _assignment = new HashSet<TopicPartition>();
        _assignedAt.Clear();
        Publish(new GroupEvent.Failed(error));
        foreach (var waiter in _startWaiters)
            waiter.Tell(new Status.Failure(error));
        _startWaiters.Clear();
    }

    private void OnStop()
    {
        if (_state is MemberState.Stopped)
        {
            Sender.Tell(Stopped.Instance);
            return;
        }

        _stopRequester = Sender;
        var wasMember = _state is MemberState.Stable or MemberState.Rebalancing;
        Become(MemberState.Stopping);
        _heartbeat.Tell(Heartbeat.StopBeating.Instance);
        if (wasMember)
            RevokeFromReader(_assignment.ToList());
        else
            FlushThenLeave();
    }

    // Commits the application asked for before stopping go out under the membership they were made in.
    private void FlushThenLeave()
    {
        _awaitingFlush = true;
        _committer.Tell(OffsetCommitter.Flush.Instance);
    }

    private void OnFlushed()
    {
        if (!_awaitingFlush || _state != MemberState.Stopping)
            return;
        _awaitingFlush = false;
        Leave();
    }

    // Static members (KIP-345) do not leave: their partitions wait for them through the session timeout.
    private void Leave()
    {
        if (_memberId.Length == 0 || _settings.GroupInstanceId is not null)
        {
            FinishStop();
            return;
        }

        _step++;
        var request = new LeaveGroupRequest(_settings.GroupId, _memberId, reason: "the consumer is stopping");
        _session.Tell(CoordinatorSession.Execute.Of(CoordinatorLane.Control, request, TimeSpan.FromSeconds(5), new StepTag(_step, ApiKey.LeaveGroup)));
    }

    private void FinishStop()
    {
        if (_state != MemberState.Stopping)
            return;
        _assignment = new HashSet<TopicPartition>();
        _assignedAt.Clear();
        _memberId = string.Empty;
        _generationId = -1;
        _committer.Tell(new OffsetCommitter.SetMembership(null));
        _committer.Tell(OffsetCommitter.Close.Instance);
        Become(MemberState.Stopped);
        foreach (var waiter in _startWaiters)
            waiter.Tell(new Status.Failure(new InvalidOperationException("The consumer was stopped before it joined the group.")));
        _startWaiters.Clear();
        _stopRequester?.Tell(Stopped.Instance);
    }

    private sealed record StepTag(long Step, ApiKey Api);
}
