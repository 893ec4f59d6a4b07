namespace Sluice.Cli.Arguments;

/// <summary>The command line is wrong: an unknown or malformed option, or a missing one. Exits with code 2.</summary>
public sealed class UsageException : Exception
{
    /// <summary>Creates the exception with a message that names the option at fault.</summary>
    public UsageException(string message)
        : base(message)
    {
    }
}
