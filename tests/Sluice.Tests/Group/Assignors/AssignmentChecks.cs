using Sluice.Group.Assignors;
using Xunit;

namespace Sluice.Tests.Group.Assignors;

/// <summary>Invariants every assignment must keep, asserted with a description of the group on failure.</summary>
internal static class AssignmentChecks
{
    /// <summary>Every partition a member subscribes to, sorted.</summary>
    public static List<TopicPartition> SubscribedPartitions(AssignmentContext context) =>
        context.SubscribedTopics.SelectMany(t => context.Topics[t].Select(p => new TopicPartition(t, p.Partition))).ToList();

    /// <summary>
    /// One entry per member; each partition at most once and only to a member subscribed to its topic; every
    /// subscribed partition assigned unless <paramref name="mayBeMissing"/> allows it.
    /// </summary>
    public static void AssertValid(
        AssignmentContext context,
        IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> assignment,
        string label,
        Func<TopicPartition, bool>? mayBeMissing = null)
    {
        Assert.Equal(context.Members.Select(m => m.MemberId).Order(StringComparer.Ordinal), assignment.Keys.Order(StringComparer.Ordinal));
        var seen = new HashSet<TopicPartition>();
        for (var m = 0; m < context.Members.Count; m++)
        {
            var id = context.Members[m].MemberId;
            var list = assignment[id];
            Assert.True(list.SequenceEqual(list.OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition)), $"{label}: {id}'s list is not sorted");
            foreach (var tp in list)
            {
                Assert.True(seen.Add(tp), $"{label}: {tp} assigned twice");
                Assert.True(context.IsSubscribed(m, tp.Topic), $"{label}: {tp} given to {id}, which does not subscribe to it");
                Assert.True(context.Topics.TryGetValue(tp.Topic, out var parts) && parts.Any(p => p.Partition == tp.Partition), $"{label}: {tp} does not exist");
            }
        }

        foreach (var tp in SubscribedPartitions(context).Where(tp => !seen.Contains(tp)))
            Assert.True(mayBeMissing?.Invoke(tp) ?? false, $"{label}: {tp} is not assigned");
    }

    /// <summary>Largest minus smallest assignment size.</summary>
    public static int Spread(IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> assignment) =>
        assignment.Count == 0 ? 0 : assignment.Values.Max(l => l.Count) - assignment.Values.Min(l => l.Count);

    /// <summary>
    /// No partition could move to another subscribed member with at least two fewer: the sticky assignors' balance,
    /// as even as the subscriptions allow.
    /// </summary>
    public static void AssertNoSingleMoveImproves(AssignmentContext context, IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> assignment, string label)
    {
        var counts = context.Members.Select(m => assignment[m.MemberId].Count).ToArray();
        for (var giver = 0; giver < counts.Length; giver++)
        {
            foreach (var topic in assignment[context.Members[giver].MemberId].Select(tp => tp.Topic).Distinct())
            {
                for (var taker = 0; taker < counts.Length; taker++)
                {
                    Assert.False(counts[giver] >= counts[taker] + 2 && context.IsSubscribed(taker, topic),
                        $"{label}: {context.Members[giver].MemberId} ({counts[giver]}) could pass {topic} to {context.Members[taker].MemberId} ({counts[taker]})");
                }
            }
        }
    }

    /// <summary>The members each partition is claimed by in its newest generation (KIP-792).</summary>
    public static Dictionary<TopicPartition, List<string>> NewestClaimants(AssignmentContext context)
    {
        var claims = new Dictionary<TopicPartition, List<(string Member, int Generation)>>();
        foreach (var member in context.Members)
        {
            foreach (var tp in member.Subscription.OwnedPartitions.Distinct())
            {
                if (!claims.TryGetValue(tp, out var list))
                    claims[tp] = list = [];
                list.Add((member.MemberId, member.Subscription.GenerationId));
            }
        }

        return claims.ToDictionary(
            e => e.Key,
            e => e.Value.Where(c => c.Generation == e.Value.Max(x => x.Generation)).Select(c => c.Member).ToList());
    }

    /// <summary>Stable text for comparing two assignments.</summary>
    public static string Text(IReadOnlyDictionary<string, IReadOnlyList<TopicPartition>> assignment) => AssignorTestKit.Show(assignment);
}
