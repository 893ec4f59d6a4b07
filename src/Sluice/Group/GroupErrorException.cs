using Sluice.Protocol;

namespace Sluice.Group;

/// <summary>The coordinator answered a group request with an error code.</summary>
public sealed class GroupErrorException : SluiceException
{
    /// <summary>Creates the exception; without <paramref name="detail"/>, the message says what the error means when it is one to act on.</summary>
    public GroupErrorException(string groupId, ApiKey request, ErrorCode error, string? detail = null)
        : base($"Group '{groupId}': {request} failed with {error} ({(int)error}){Suffix(detail ?? GroupErrorClassifier.Describe(error))}.")
    {
        GroupId = groupId;
        Request = request;
        Error = error;
    }

    private static string Suffix(string? detail) => string.IsNullOrEmpty(detail) ? "" : ": " + detail;

    /// <summary>The group.</summary>
    public string GroupId { get; }

    /// <summary>The request that failed.</summary>
    public ApiKey Request { get; }

    /// <summary>The coordinator's error code.</summary>
    public ErrorCode Error { get; }
}
