namespace Sluice.Group;

/// <summary>The group's coordinator is not known, or could not be reached; it is being looked up again.</summary>
public sealed class CoordinatorUnavailableException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    public CoordinatorUnavailableException(string groupId, string reason, Exception? innerException = null)
        : base($"The coordinator of group '{groupId}' is unavailable: {reason}", innerException)
    {
        GroupId = groupId;
    }

    /// <summary>The group.</summary>
    public string GroupId { get; }
}
