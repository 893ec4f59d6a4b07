namespace Sluice.Group.Assignors;

/// <summary>
/// The sticky assignment shared by the eager and the cooperative sticky assignors. Its goals are Java's
/// AbstractStickyAssignor's, reached by a simpler route:
/// <list type="number">
/// <item>Previous ownership: each partition's newest claim wins (a claim from an older generation than another
/// claim on the same partition is stale, KIP-792); a partition two members claim in the same newest generation
/// is nobody's; a claimant must still subscribe to the topic.</item>
/// <item>Owners keep their partitions; the rest go, most constrained topic first, to the eligible member holding
/// the fewest.</item>
/// <item>Balance: while some member could end up with a partition more and another with one less, where the two
/// counts differ by at least two, the partitions move along the shortest chain of members that can take them
/// from one another. When no such chain is left the counts are as even as the subscriptions allow (no chain
/// between a member and one two lighter is the optimality condition of the balanced assignment), and only the
/// partitions on the chains have moved. Chains of newly placed partitions are used up first, and only then may
/// kept partitions move: if a balanced assignment exists that keeps every owner's partitions, it is found. That
/// is what lets a cooperative follow-up round hand over the withheld partitions without moving anything else.</item>
/// </list>
/// Members and topics are visited in sorted order, so the result depends only on the context.
/// </summary>
internal sealed class StickyBalancer
{
    private readonly List<TopicPartition> _partitions = [];
    private readonly List<(int Start, int End)> _topicRanges = [];
    private readonly int[] _topicOf;
    private readonly int[][] _memberTopics;
    private readonly int[] _owner;
    private readonly int[] _previousOwner;
    private readonly List<int>?[] _newestClaimants;
    private readonly int[,] _held;
    private readonly int[,] _heldNew;
    private readonly int[] _count;

    private StickyBalancer(AssignmentContext context, IReadOnlyList<OwnershipClaim> claims)
    {
        var topics = context.SubscribedTopics;
        for (var t = 0; t < topics.Count; t++)
        {
            var start = _partitions.Count;
            _partitions.AddRange(context.Topics[topics[t]].Select(p => new TopicPartition(topics[t], p.Partition)));
            _topicRanges.Add((start, _partitions.Count));
        }

        var members = context.Members.Count;
        _topicOf = new int[_partitions.Count];
        for (var t = 0; t < _topicRanges.Count; t++)
        {
            for (var p = _topicRanges[t].Start; p < _topicRanges[t].End; p++)
                _topicOf[p] = t;
        }

        _memberTopics = new int[members][];
        for (var m = 0; m < members; m++)
            _memberTopics[m] = Enumerable.Range(0, topics.Count).Where(t => context.IsSubscribed(m, topics[t])).ToArray();

        _owner = Enumerable.Repeat(-1, _partitions.Count).ToArray();
        _previousOwner = Enumerable.Repeat(-1, _partitions.Count).ToArray();
        _newestClaimants = new List<int>?[_partitions.Count];
        _held = new int[members, topics.Count];
        _heldNew = new int[members, topics.Count];
        _count = new int[members];
        ResolveClaims(claims);
    }

    /// <summary>
    /// The sticky assignment. <paramref name="claims"/> holds one entry per member of <paramref name="context"/>,
    /// in its order. <paramref name="newestClaimants"/> gives, for each claimed partition, the members whose claim on it
    /// is of the newest generation (whoever they are, subscribed or not); the cooperative assignor uses it.
    /// </summary>
    public static Dictionary<string, List<TopicPartition>> Assign(
        AssignmentContext context,
        IReadOnlyList<OwnershipClaim> claims,
        out IReadOnlyDictionary<TopicPartition, IReadOnlyList<string>> newestClaimants)
    {
        var balancer = new StickyBalancer(context, claims);
        balancer.PlaceUnowned();
        balancer.Balance(newOnly: true);
        balancer.Balance(newOnly: false);
        var result = context.EmptyAssignment();
        var claimants = new Dictionary<TopicPartition, IReadOnlyList<string>>();
        for (var p = 0; p < balancer._partitions.Count; p++)
        {
            result[context.Members[balancer._owner[p]].MemberId].Add(balancer._partitions[p]);
            if (balancer._newestClaimants[p] is { } newest)
                claimants[balancer._partitions[p]] = newest.Select(m => context.Members[m].MemberId).ToList();
        }

        newestClaimants = claimants;
        return result;
    }

    private void ResolveClaims(IReadOnlyList<OwnershipClaim> claims)
    {
        var index = new Dictionary<TopicPartition, int>(_partitions.Count);
        for (var p = 0; p < _partitions.Count; p++)
            index[_partitions[p]] = p;

        var generations = new Dictionary<int, int>[_partitions.Count];
        for (var m = 0; m < claims.Count; m++)
        {
            foreach (var tp in claims[m].Partitions)
            {
                // A partition that no longer exists, or of a topic nobody subscribes to, cannot be kept.
                if (!index.TryGetValue(tp, out var p))
                    continue;
                (generations[p] ??= [])[m] = claims[m].Generation;
            }
        }

        for (var p = 0; p < _partitions.Count; p++)
        {
            if (generations[p] is not { } byMember)
                continue;
            var newest = byMember.Values.Max();
            var current = byMember.Where(e => e.Value == newest).Select(e => e.Key).OrderBy(m => m).ToList();
            _newestClaimants[p] = current;
            if (current.Count == 1 && _memberTopics[current[0]].Contains(_topicOf[p]))
            {
                _previousOwner[p] = current[0];
                Give(p, current[0]);
            }
        }
    }

    private void PlaceUnowned()
    {
        // Topics fewer members can take are placed first, while the choice among them is widest.
        var order = Enumerable.Range(0, _topicRanges.Count)
            .OrderBy(t => _memberTopics.Count(topics => topics.Contains(t)))
            .ThenBy(t => t);
        foreach (var t in order)
        {
            for (var p = _topicRanges[t].Start; p < _topicRanges[t].End; p++)
            {
                if (_owner[p] != -1)
                    continue;
                var best = -1;
                for (var m = 0; m < _count.Length; m++)
                {
                    if (_memberTopics[m].Contains(t) && (best == -1 || _count[m] < _count[best]))
                        best = m;
                }

                Give(p, best);
            }
        }
    }

    private void Balance(bool newOnly)
    {
        var members = Enumerable.Range(0, _count.Length).ToArray();
        var improved = true;
        while (improved)
        {
            improved = false;
            Array.Sort(members, (a, b) => _count[a] != _count[b] ? _count[a].CompareTo(_count[b]) : a.CompareTo(b));
            foreach (var light in members)
            {
                if (TryRelieve(light, newOnly))
                {
                    improved = true;
                    break;
                }
            }
        }
    }

    /// <summary>
    /// Searches breadth-first from <paramref name="light"/> for the nearest member holding at least two more
    /// partitions that can pass one along a chain ending at <paramref name="light"/>, and moves along it; with
    /// <paramref name="newOnly"/> only partitions their holder did not own before this round may pass.
    /// </summary>
    private bool TryRelieve(int light, bool newOnly)
    {
        var members = _count.Length;
        var parent = new int[members];
        var visited = new bool[members];
        visited[light] = true;
        var frontier = new List<int> { light };
        while (frontier.Count > 0)
        {
            var next = new List<int>();
            foreach (var taker in frontier)
            {
                for (var giver = 0; giver < members; giver++)
                {
                    if (visited[giver] || !CanPass(giver, taker, newOnly))
                        continue;
                    visited[giver] = true;
                    parent[giver] = taker;
                    next.Add(giver);
                }
            }

            next.Sort();
            var heavy = -1;
            foreach (var giver in next)
            {
                if (_count[giver] >= _count[light] + 2 && (heavy == -1 || _count[giver] > _count[heavy]))
                    heavy = giver;
            }

            if (heavy != -1)
            {
                for (var giver = heavy; giver != light; giver = parent[giver])
                    Move(giver, parent[giver], newOnly);
                return true;
            }

            frontier = next;
        }

        return false;
    }

    private bool CanPass(int giver, int taker, bool newOnly)
    {
        var held = newOnly ? _heldNew : _held;
        foreach (var t in _memberTopics[taker])
        {
            if (held[giver, t] > 0)
                return true;
        }

        return false;
    }

    /// <summary>
    /// Moves one partition from <paramref name="giver"/> to <paramref name="taker"/>: preferably one that was the
    /// taker's before, else one the giver did not own before this round, else the highest-numbered.
    /// </summary>
    private void Move(int giver, int taker, bool newOnly)
    {
        var best = -1;
        var bestScore = int.MaxValue;
        foreach (var t in _memberTopics[taker])
        {
            if (_held[giver, t] == 0)
                continue;
            for (var p = _topicRanges[t].Start; p < _topicRanges[t].End; p++)
            {
                if (_owner[p] != giver || (newOnly && _previousOwner[p] == giver))
                    continue;
                var score = _previousOwner[p] == taker ? 0 : _previousOwner[p] != giver ? 1 : 2;
                if (score <= bestScore)
                {
                    best = p;
                    bestScore = score;
                }
            }
        }

        Take(best);
        Give(best, taker);
    }

    private void Give(int partition, int member)
    {
        _owner[partition] = member;
        _held[member, _topicOf[partition]]++;
        if (_previousOwner[partition] != member)
            _heldNew[member, _topicOf[partition]]++;
        _count[member]++;
    }

    private void Take(int partition)
    {
        var member = _owner[partition];
        _held[member, _topicOf[partition]]--;
        if (_previousOwner[partition] != member)
            _heldNew[member, _topicOf[partition]]--;
        _count[member]--;
        _owner[partition] = -1;
    }
}
