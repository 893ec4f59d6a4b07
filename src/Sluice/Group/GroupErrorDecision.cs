namespace Sluice.Group;

/// <summary>The action for one coordinator error, with a reason to report when the action is fatal or fails the request.</summary>
public readonly record struct GroupErrorDecision(GroupErrorAction Action, string? Reason = null)
{
    /// <summary>True when the member must stop.</summary>
    public bool IsFatal => Action == GroupErrorAction.Fatal;

    /// <inheritdoc />
    public override string ToString() => Reason is null ? Action.ToString() : $"{Action}: {Reason}";
}
