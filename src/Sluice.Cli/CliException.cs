namespace Sluice.Cli;

/// <summary>A run-time failure the CLI already phrased for the user: what failed and what to check.</summary>
public sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CliException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
