namespace Sluice.Settings;

/// <summary>A configuration value is missing or invalid; the message names the key and what it accepts.</summary>
public sealed class SettingsException : SluiceException
{
    /// <summary>Creates the exception.</summary>
    public SettingsException(string key, string problem, string accepted, Exception? innerException = null)
        : base($"Setting {key} {problem}; it accepts {accepted}.", innerException)
    {
        Key = key;
    }

    /// <summary>The full HOCON key.</summary>
    public string Key { get; }
}
