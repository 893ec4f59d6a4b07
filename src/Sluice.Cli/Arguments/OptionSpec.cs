namespace Sluice.Cli.Arguments;

/// <summary>One option a command accepts.</summary>
/// <param name="Name">The option without its dashes, as in <c>group</c> for <c>--group</c>.</param>
/// <param name="ValueName">What the value is called in the usage text, or null for a flag without a value.</param>
/// <param name="Help">One line for the usage text.</param>
/// <param name="Repeatable">Whether the option may be given more than once (each value is kept).</param>
internal sealed record OptionSpec(string Name, string? ValueName, string Help, bool Repeatable = false)
{
    /// <summary>Whether the option takes a value.</summary>
    public bool TakesValue => ValueName is not null;

    /// <summary>How the option is written in the usage text.</summary>
    public string Synopsis => TakesValue ? $"--{Name} {ValueName}" : $"--{Name}";

    /// <summary>A flag that takes no value.</summary>
    public static OptionSpec Flag(string name, string help) => new(name, null, help);

    /// <summary>An option with a value.</summary>
    public static OptionSpec Value(string name, string valueName, string help) => new(name, valueName, help);

    /// <summary>An option with a value that may be given more than once.</summary>
    public static OptionSpec Repeated(string name, string valueName, string help) => new(name, valueName, help, Repeatable: true);
}
