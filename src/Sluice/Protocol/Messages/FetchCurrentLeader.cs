namespace Sluice.Protocol.Messages;

/// <summary>
/// The partition's leader as the answering broker knows it (Fetch v12+ tag 1, KIP-951), sent with
/// NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH so the client can move without a metadata refresh.
/// </summary>
/// <param name="LeaderId">The leader's node id, or -1 when unknown.</param>
/// <param name="LeaderEpoch">The latest leader epoch, or -1.</param>
public readonly record struct FetchCurrentLeader(int LeaderId, int LeaderEpoch);
