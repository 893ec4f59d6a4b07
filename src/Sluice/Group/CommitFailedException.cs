namespace Sluice.Group;

/// <summary>Offsets could not be committed after every retry; nothing was silently dropped.</summary>
public sealed class CommitFailedException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    public CommitFailedException(string groupId, IReadOnlyDictionary<TopicPartition, long> offsets, int attempts, Exception lastError)
        : base($"Group '{groupId}': committing {offsets.Count} offset(s) failed after {attempts} attempt(s): {lastError.Message}", lastError)
    {
        GroupId = groupId;
        Offsets = offsets;
        Attempts = attempts;
    }

    /// <summary>The group.</summary>
    public string GroupId { get; }

    /// <summary>The offsets that were not committed (next offset to read per partition).</summary>
    public IReadOnlyDictionary<TopicPartition, long> Offsets { get; }

    /// <summary>How many attempts were made.</summary>
    public int Attempts { get; }
}
