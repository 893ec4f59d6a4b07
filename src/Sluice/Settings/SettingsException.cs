namespace Sluice.Settings;

/// <summary>
/// A configuration value is missing, invalid, or under a key Sluice does not know; the message names the full key
/// and what is accepted there.
/// </summary>
public sealed class SettingsException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    public SettingsException(string key, string problem, string accepted, Exception? innerException = null)
        : base($"Setting {key} {problem}; it accepts {accepted}.", innerException)
    {
        Key = key;
    }

    private SettingsException(string message, string key)
        : base(message)
    {
        Key = key;
    }

    /// <summary>The full HOCON key.</summary>
    public string Key { get; }

    /// <summary>The key <paramref name="key"/> is not one Sluice knows under <paramref name="block"/>.</summary>
    internal static SettingsException UnknownKey(string key, string? suggestion, string block, string accepted) => new(
        $"Setting {key} is not a Sluice setting{(suggestion is null ? "" : $" (did you mean {suggestion}?)")}; {block} accepts only {accepted}.",
        key);

    /// <summary>The block <paramref name="key"/> is missing while <paramref name="near"/>, nearly the same name, is there.</summary>
    internal static SettingsException MisspeltBlock(string key, string near) => new(
        $"Setting {key} is not configured, but {near} is: a misspelt name? Name the block exactly as the consumer is named (the shared block sluice.consumer is for settings every consumer takes).",
        key);
}
