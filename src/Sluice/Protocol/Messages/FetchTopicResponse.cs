namespace Sluice.Protocol.Messages;

/// <summary>The answered partitions of one topic. Up to v12 the broker names the topic, from v13 on it sends only the id.</summary>
/// <param name="Topic">The name: as sent up to v12; from v13 on the name the request gave that id, or null when the request did not carry it.</param>
/// <param name="TopicId">The id: as sent from v13 on; up to v12 the id the request gave that name, or <see cref="Guid.Empty"/>.</param>
/// <param name="Partitions">The partitions answered.</param>
public sealed record FetchTopicResponse(string? Topic, Guid TopicId, IReadOnlyList<FetchPartitionResponse> Partitions);
