namespace Sluice.Protocol;

/// <summary>An inclusive range of versions of one request type.</summary>
public readonly record struct VersionRange(short Min, short Max)
{
    /// <summary>True when no version lies in the range.</summary>
    public bool IsEmpty => Min > Max;

    /// <summary>True when <paramref name="version"/> lies in the range.</summary>
    public bool Contains(short version) => version >= Min && version <= Max;

    /// <summary>The versions both ranges hold (empty when they do not overlap).</summary>
    public VersionRange Intersect(VersionRange other) => new(Math.Max(Min, other.Min), Math.Min(Max, other.Max));

    /// <inheritdoc />
    public override string ToString() => IsEmpty ? "none" : Min == Max ? $"v{Min}" : $"v{Min}-v{Max}";
}
