using Sluice.Protocol.Messages;

namespace Sluice.Fetch.Sessions;

/// <summary>A partition the broker answered, named by the partition the fetcher asked for.</summary>
/// <param name="Key">The topic name, topic id and partition index as the fetcher gave them.</param>
/// <param name="Response">What the broker returned for it.</param>
public sealed record AnsweredPartition(FetchTopicPartition Key, FetchPartitionResponse Response);
