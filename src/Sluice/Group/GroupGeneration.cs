namespace Sluice.Group;

/// <summary>
/// Who the member is in one generation of the group: the generation id, the member id the coordinator gave it and
/// its static group.instance.id (KIP-345). Requests carry it, and replies are stamped with the one they were sent
/// under, so a reply to an older generation can be told apart and dropped.
/// </summary>
public readonly record struct GroupGeneration(int GenerationId, string MemberId, string? GroupInstanceId = null)
{
    /// <summary>The generation id before a member has joined, or after it was reset.</summary>
    public const int NoGenerationId = -1;

    /// <summary>Not in the group: no generation and an empty member id (what the first JoinGroup sends).</summary>
    public static GroupGeneration None { get; } = new(NoGenerationId, string.Empty);

    /// <summary>True once the member has a generation from a completed JoinGroup.</summary>
    public bool HasGeneration => GenerationId != NoGenerationId;

    /// <summary>The same member without a generation (after ILLEGAL_GENERATION): it rejoins keeping its member id.</summary>
    public GroupGeneration WithoutGeneration() => this with { GenerationId = NoGenerationId };

    /// <summary>Forgets the generation and the member id (after UNKNOWN_MEMBER_ID), keeping the static instance id.</summary>
    public GroupGeneration Reset() => new(NoGenerationId, string.Empty, GroupInstanceId);

    /// <inheritdoc />
    public override string ToString() =>
        GroupInstanceId is null ? $"generation {GenerationId} member '{MemberId}'" : $"generation {GenerationId} member '{MemberId}' instance '{GroupInstanceId}'";
}
