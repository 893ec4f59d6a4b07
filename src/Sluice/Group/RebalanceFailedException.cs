namespace Sluice.Group;

/// <summary>
/// Joining and syncing the group failed <see cref="Settings.ConsumerSettings.RebalanceMaxRetries"/> times in a row;
/// the member holds no partitions. Restart it (for streams: <c>RestartSource.OnFailuresWithBackoff</c>) to try again.
/// </summary>
public sealed class RebalanceFailedException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    public RebalanceFailedException(string groupId, int attempts, Exception lastError)
        : base($"Group '{groupId}': joining failed {attempts} time(s) in a row; the last attempt failed with: {lastError.Message}", lastError)
    {
        GroupId = groupId;
        Attempts = attempts;
    }

    /// <summary>The group.</summary>
    public string GroupId { get; }

    /// <summary>How many join attempts were made.</summary>
    public int Attempts { get; }
}
