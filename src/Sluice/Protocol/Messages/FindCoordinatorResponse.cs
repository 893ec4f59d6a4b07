namespace Sluice.Protocol.Messages;

/// <summary>A broker's answer to <see cref="FindCoordinatorRequest"/>: one result per key, whatever the version.</summary>
/// <param name="ThrottleTimeMs">How long the broker asks the client to wait (v1+).</param>
/// <param name="Coordinators">One result per key; before v4 exactly one, for the request's key.</param>
public sealed record FindCoordinatorResponse(int ThrottleTimeMs, IReadOnlyList<FindCoordinatorResult> Coordinators)
{
    /// <summary>The result for <paramref name="key"/>, or null when the broker did not answer for it.</summary>
    public FindCoordinatorResult? For(string key)
    {
        foreach (var coordinator in Coordinators)
        {
            if (string.Equals(coordinator.Key, key, StringComparison.Ordinal))
                return coordinator;
        }

        return null;
    }
}
